import LatentCore
import LatentDistributions

/// The learnable parameters, by name, each kept in unconstrained space
/// behind the bijector of its constraint (so that an optimiser may move it
/// freely). Models and guides reach them through `param`.
public final class ParameterStore<Scalar: TensorScalar> {
    struct Entry {
        var unconstrained: Tensor<Scalar>
        let bijector: any Bijector<Scalar>
        let constraint: Constraint<Scalar>
    }

    private(set) var entries: [String: Entry] = [:]
    /// Names in the order they were created.
    public private(set) var names: [String] = []

    /// During a differentiation: the scope, and each parameter's tracked
    /// value for this run.
    private var scope: DifferentiationScope<Scalar>?
    private var tracked: [String: Tensor<Scalar>] = [:]
    /// Names in the order they became variables of the current scope.
    private(set) var variableNames: [String] = []

    public init() {}

    /// The constrained value of `name`, creating it from `initial` the first
    /// time (so `initial` must lie in `constraint`).
    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for an
    ///   initial value outside the constraint.
    // Kept for the `svi` benchmark: every parameter is read here on every step.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func value(_ name: String, initial: () throws -> Tensor<Scalar>, constraint: Constraint<Scalar>) throws -> Tensor<Scalar> {
        if entries[name] == nil {
            let start = try initial()
            guard try constraint.contains(start) else {
                throw InferenceError.invalidParameter(name: name, reason: "initial value is not \(constraint.requirement)")
            }
            let bijector = try bijector(toConstraint: constraint)
            entries[name] = Entry(unconstrained: try bijector.inverse(start).detached, bijector: bijector, constraint: constraint)
            names.append(name)
        }
        let entry = entries[name]!
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
        guard let entry = entries[name] else { return nil }
        return try entry.bijector.forward(entry.unconstrained).detached
    }

    /// The unconstrained value of a parameter.
    public func unconstrainedValue(_ name: String) -> Tensor<Scalar>? {
        entries[name]?.unconstrained
    }

    /// Replaces a parameter's unconstrained value (an optimiser's step).
    public func setUnconstrainedValue(_ name: String, _ value: Tensor<Scalar>) {
        entries[name]?.unconstrained = value.detached
    }

    /// Changes a parameter's unconstrained value in place (an optimiser's
    /// step without a new buffer: the store's tensor is its buffer's only
    /// owner after a step, so `update` may write into it). Does nothing for
    /// an unknown name.
    public func updateUnconstrainedValue(_ name: String, _ update: (inout Tensor<Scalar>) throws -> Void) rethrows {
        guard entries[name] != nil else { return }
        try update(&entries[name]!.unconstrained)
        entries[name]!.unconstrained = entries[name]!.unconstrained.detached
    }

    /// Forgets a parameter, so that its next `param` creates it afresh.
    /// Does nothing for an unknown name.
    public func remove(_ name: String) {
        guard entries.removeValue(forKey: name) != nil else { return }
        names.removeAll { $0 == name }
    }

    /// Replaces a parameter's value, given in its constrained space.
    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for an
    ///   unknown name or a value outside the parameter's constraint.
    public func setConstrainedValue(_ name: String, _ value: Tensor<Scalar>) throws {
        guard let entry = entries[name] else { throw InferenceError.invalidParameter(name: name, reason: "no such parameter") }
        guard try entry.constraint.contains(value) else {
            throw InferenceError.invalidParameter(name: name, reason: "value is not \(entry.constraint.requirement)")
        }
        entries[name]?.unconstrained = try entry.bijector.inverse(value).detached
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
