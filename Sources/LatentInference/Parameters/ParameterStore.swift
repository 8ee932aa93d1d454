import LatentCore
import LatentDistributions

/// The learnable parameters, by name, each kept in unconstrained space
/// behind the bijector of its constraint (so that an optimiser may move it
/// freely). Models and guides reach them through `param`.
public final class ParameterStore<Scalar: TensorScalar> {
    struct Entry {
        var unconstrained: Tensor<Scalar> {
            didSet {
                knownFinite = false
                heldCopy = nil
            }
        }
        let bijector: any Bijector<Scalar>
        let constraint: Constraint<Scalar>
        /// Whether every scalar of `unconstrained` is known to be finite:
        /// said by the writer that last changed it (an optimiser that saw
        /// each new value), or found by ``firstNonFiniteName()``. Any other
        /// change forgets it.
        var knownFinite = false
        /// A compiled step's own copy of the value, which its optimiser
        /// updates in place instead of `unconstrained` (see
        /// ``handOver(at:to:finite:)``): when set, the value is this copy's,
        /// and `unconstrained` is brought up to date from it when next read.
        var heldCopy: Tensor<Scalar>?
    }

    /// The entries in the order they were created, beside ``names``. A
    /// store serves one run at a time on one task (as its context does), so
    /// the run-time exclusivity checks are skipped: a compiled step reads
    /// and updates them on every step.
    @exclusivity(unchecked) private var entries: [Entry] = []
    /// Each name's position in `entries`.
    private var positions: [String: Int] = [:]
    /// Names in the order they were created.
    public private(set) var names: [String] = []
    /// Changes whenever a parameter is created or removed, so that a cached
    /// ``position(of:)`` can be trusted while it stays the same.
    private(set) var layoutVersion = 0
    /// Counts every creation, change and removal of a value: while it stays
    /// the same, so does every value in the store (a compiled step's copy of
    /// them is then still good).
    private(set) var changes = 0

    /// During a differentiation: the scope, and each parameter's tracked
    /// value for this run.
    private var scope: DifferentiationScope<Scalar>?
    private var tracked: [String: Tensor<Scalar>] = [:]
    /// Names in the order they became variables of the current scope.
    private(set) var variableNames: [String] = []

    /// An empty store.
    public init() {}

    /// The constrained value of `name`, creating it from `initial` the first
    /// time (so `initial` must lie in `constraint`).
    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for an
    ///   initial value outside the constraint.
    // Kept for the `svi` benchmark: every parameter is read here on every step.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func value(_ name: String, initial: () throws -> Tensor<Scalar>, constraint: Constraint<Scalar>) throws -> Tensor<Scalar> {
        if positions[name] == nil {
            let start = try initial()
            guard try constraint.contains(start) else {
                throw InferenceError.invalidParameter(name: name, reason: "initial value is not \(constraint.requirement)")
            }
            let bijector = try bijector(toConstraint: constraint)
            positions[name] = entries.count
            entries.append(Entry(unconstrained: try bijector.inverse(start).detached, bijector: bijector, constraint: constraint))
            changes += 1
            names.append(name)
            layoutVersion += 1
        }
        let entry = settledEntry(at: positions[name]!)
        return try entry.bijector.forward(unconstrainedVariable(name, entry))
    }

    private func unconstrainedVariable(_ name: String, _ entry: Entry) -> Tensor<Scalar> {
        guard let scope else { return entry.unconstrained }
        if let value = tracked[name] { return value }
        let variable = scope.variable(entry.unconstrained)
        tracked[name] = variable
        variableNames.append(name)
        return variable
    }

    /// The constrained value of a parameter, outside any run.
    public func constrainedValue(_ name: String) throws -> Tensor<Scalar>? {
        guard let position = positions[name] else { return nil }
        let entry = settledEntry(at: position)
        return try entry.bijector.forward(entry.unconstrained).detached
    }

    /// The unconstrained value of a parameter.
    public func unconstrainedValue(_ name: String) -> Tensor<Scalar>? {
        positions[name].map { settledEntry(at: $0).unconstrained }
    }

    /// Where `name` sits among the entries, while ``layoutVersion`` stays
    /// the same (a compiled step's way to skip the look-up by name).
    func position(of name: String) -> Int? {
        positions[name]
    }

    /// The unconstrained value of the parameter at `position`.
    func unconstrainedValue(at position: Int) -> Tensor<Scalar> {
        settledEntry(at: position).unconstrained
    }

    /// Replaces a parameter's unconstrained value (an optimiser's step).
    public func setUnconstrainedValue(_ name: String, _ value: Tensor<Scalar>) {
        guard let position = positions[name] else { return }
        entries[position].unconstrained = value.detached
        changes += 1
    }

    /// Changes a parameter's unconstrained value in place (an optimiser's
    /// step without a new buffer: the store's tensor is its buffer's only
    /// owner after a step, so `update` may write into it). Does nothing for
    /// an unknown name.
    public func updateUnconstrainedValue(_ name: String, _ update: (inout Tensor<Scalar>) throws -> Void) rethrows {
        guard let position = positions[name] else { return }
        try updateUnconstrainedValue(at: position, update)
    }

    /// ``updateUnconstrainedValue(_:_:)`` for the parameter at `position`.
    func updateUnconstrainedValue(at position: Int, _ update: (inout Tensor<Scalar>) throws -> Void) rethrows {
        try updateUnconstrainedValue(at: position, checkingFinite: { try update(&$0); return false })
    }

    /// ``updateUnconstrainedValue(at:_:)`` by an `update` that returns
    /// whether it found every new scalar finite (an optimiser computes each
    /// new value anyway), which spares ``firstNonFiniteName()`` a scan.
    func updateUnconstrainedValue(at position: Int, checkingFinite update: (inout Tensor<Scalar>) throws -> Bool) rethrows {
        defer { changes += 1 }
        settle(position)
        // Forgotten first: an update that writes and then throws skips the property's didSet.
        entries[position].knownFinite = false
        let finite = try update(&entries[position].unconstrained)
        entries[position].unconstrained = entries[position].unconstrained.detached
        entries[position].knownFinite = finite
    }

    /// Calls `body` with the unconstrained scalars of the parameter at
    /// `position` to change them in place (copied first if anything else
    /// holds them): an optimiser's step without a tensor operation. `body`
    /// returns whether it found every new scalar finite.
    func updateUnconstrainedScalars(at position: Int, _ body: (UnsafeMutableBufferPointer<Scalar>) -> Bool) {
        settle(position)
        entries[position].knownFinite = false
        let finite = entries[position].unconstrained.withUnsafeMutableScalars(body)
        entries[position].knownFinite = finite
        changes += 1
    }

    /// Takes `copy` (a compiled step's own copy of the parameter at
    /// `position`, into which its optimiser has just written the new value
    /// in place) as that parameter's value from now on, without copying it:
    /// the store copies it back into its own tensor only when the value is
    /// next read, so that a step writes each new value once. The copy must
    /// not change again except by an update handed over the same way.
    /// `finite`: whether the writer found every new scalar finite.
    func handOver(at position: Int, to copy: Tensor<Scalar>, finite: Bool) {
        entries[position].heldCopy = copy
        entries[position].knownFinite = finite
        changes += 1
    }

    /// The entry at `position`, its value first brought back from the
    /// compiled step's copy that holds it, if one does.
    private func settledEntry(at position: Int) -> Entry {
        settle(position)
        return entries[position]
    }

    /// Copies the value of the parameter at `position` back from the
    /// compiled step's copy that holds it, if one does (into the store's
    /// own buffer when nothing else holds that, else into a new one).
    private func settle(_ position: Int) {
        guard let copy = entries[position].heldCopy else { return }
        let finite = entries[position].knownFinite
        copy.withUnsafeScalars { source in
            entries[position].unconstrained.withUnsafeMutableScalars { _ = $0.update(fromContentsOf: source) }
        }
        // The write above forgot both.
        entries[position].knownFinite = finite
    }

    /// The first parameter, in creation order, whose unconstrained value has
    /// a NaN or an infinite element, or nil when there is none: the check a
    /// training loop makes after each update. Values the last update already
    /// found finite (Adam's, which tests each new value as it writes it) are
    /// not read again, so after an Adam step this costs no pass over the
    /// parameters.
    public func firstNonFiniteName() -> String? {
        for position in entries.indices where !entries[position].knownFinite {
            guard settledEntry(at: position).unconstrained.isFinite else { return names[position] }
            entries[position].knownFinite = true
        }
        return nil
    }

    /// Forgets a parameter, so that its next `param` creates it afresh.
    /// Does nothing for an unknown name.
    public func remove(_ name: String) {
        guard let position = positions[name] else { return }
        entries.remove(at: position)
        changes += 1
        names.remove(at: position)
        positions = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        layoutVersion += 1
    }

    /// Replaces a parameter's value, given in its constrained space.
    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for an
    ///   unknown name or a value outside the parameter's constraint.
    public func setConstrainedValue(_ name: String, _ value: Tensor<Scalar>) throws {
        guard let position = positions[name] else { throw InferenceError.invalidParameter(name: name, reason: "no such parameter") }
        let entry = settledEntry(at: position)
        guard try entry.constraint.contains(value) else {
            throw InferenceError.invalidParameter(name: name, reason: "value is not \(entry.constraint.requirement)")
        }
        entries[position].unconstrained = try entry.bijector.inverse(value).detached
        changes += 1
    }

    /// Runs `body` with every parameter it touches made a variable of
    /// `scope`; returns the names in the order of the scope's variables
    /// (so `valueWithGradients`' gradients can be matched to parameters).
    public func tracking<R>(in scope: DifferentiationScope<Scalar>, _ body: () throws -> R) rethrows -> (R, [String]) {
        self.scope = scope
        tracked = [:]
        variableNames = []
        defer {
            self.scope = nil
            tracked = [:]
        }
        let result = try body()
        return (result, variableNames)
    }
}
