import LatentCore

/// The one collective of a data-parallel SVI step: every rank's gradients,
/// its loss and fingerprints of its state packed into one flat buffer,
/// summed over the ranks in place (one all-reduce, not one per parameter),
/// and unpacked.
///
/// A fingerprint v (a number in 0 ..< m) is summed with its square: the
/// ranks agree on it exactly when P · Σv² = (Σv)², which every rank finds
/// the same from the same sums (compared as integers), so all ranks stop
/// together. m is chosen so that P · (m − 1)² is exact in the scalar type
/// (m = 2,896 for two ranks in Float). One more slot counts the ranks that
/// skipped the step: when any did, every rank skips it (its summed loss is
/// NaN) and takes rank 0's generator state, since the skipping rank's
/// stream stopped where its step failed.
final class GradientAllReduce<Scalar: TensorScalar> {
    let group: any ProcessGroup
    private var buffer: [Scalar] = []
    private let modulus: UInt64
    /// Whether the next reduction also checks that the parameters agree
    /// (the first step, after the parameters the model creates exist).
    private var checksParameters = true
    /// The gradient scalars of the last step, for a skipped step's share.
    private var lastGradientCount: Int?

    init(group: any ProcessGroup) {
        self.group = group
        let exact = Scalar.self == Float.self ? 0x1p24 : 0x1p53
        modulus = UInt64(Swift.max(2, Swift.min(0x1p20, (exact / Double(Swift.max(group.size, 1))).squareRoot())))
    }

    /// Sums `loss` and the gradients (read from `gradients`, written back
    /// through `write`) over the ranks; returns the summed loss.
    /// - Parameters:
    ///   - generator: the context's generator after the step, whose state must agree on every rank.
    ///   - parameters: the store, whose values are checked on the first reduction.
    ///   - step: the step's number (1-based), for errors.
    /// - Throws: ``DataParallelError``, or the group's error.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func reduce(
        loss: Scalar, gradients: [UnsafeBufferPointer<Scalar>],
        generator: inout Xoshiro256PlusPlus, parameters: ParameterStore<Scalar>, step: Int,
        write: (Int, UnsafeBufferPointer<Scalar>) throws -> Void
    ) throws -> Scalar {
        let count = gradients.reduce(0) { $0 + $1.count }
        lastGradientCount = count
        prepare(count: count)
        buffer.withUnsafeMutableBufferPointer { all in
            var offset = 0
            for gradient in gradients where gradient.count > 0 {
                (all.baseAddress! + offset).update(from: gradient.baseAddress!, count: gradient.count)
                offset += gradient.count
            }
        }
        let summed = try reduceTail(loss: loss, skipped: false, at: count, generator: &generator, parameters: parameters, step: step)
        try buffer.withUnsafeBufferPointer { all in
            var offset = 0
            for (index, gradient) in gradients.enumerated() {
                try write(index, UnsafeBufferPointer(rebasing: all[offset..<(offset + gradient.count)]))
                offset += gradient.count
            }
        }
        return summed
    }

    /// A skipped step's share: NaN in place of a loss, so that every rank
    /// sees a non-finite sum and skips the step too.
    /// - Throws: ``DataParallelError``, or the group's error; `fallback` when
    ///   no step has been reduced yet (the layout is unknown).
    func reduceSkipped(generator: inout Xoshiro256PlusPlus, parameters: ParameterStore<Scalar>, step: Int, fallback: Error) throws {
        guard let count = lastGradientCount else { throw fallback }
        prepare(count: count)
        buffer.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        _ = try reduceTail(loss: .nan, skipped: true, at: count, generator: &generator, parameters: parameters, step: step)
    }

    private func prepare(count: Int) {
        if buffer.count != count + 8 { buffer = [Scalar](repeating: 0, count: count + 8) }
    }

    /// Fills the loss and fingerprints after the `count` gradients, sums
    /// the buffer, and checks the fingerprints.
    private func reduceTail(
        loss: Scalar, skipped: Bool, at count: Int, generator: inout Xoshiro256PlusPlus, parameters: ParameterStore<Scalar>,
        step: Int
    ) throws -> Scalar {
        var copy = generator
        let bits = copy.next()
        let parameterPrint = checksParameters ? Self.fingerprint(of: parameters) : 0
        let prints = [bits % modulus, (bits >> 32) % modulus, parameterPrint % modulus]
        buffer[count] = loss
        for (k, v) in prints.enumerated() {
            buffer[count + 1 + 2 * k] = Scalar(Double(v))
            buffer[count + 2 + 2 * k] = Scalar(Double(v * v))
        }
        buffer[count + 7] = skipped ? 1 : 0
        try buffer.withUnsafeMutableBufferPointer { try group.sum($0) }
        if buffer[count + 7] > 0 {
            try synchronise(&generator)
            return .nan
        }
        func agree(_ k: Int) -> Bool {
            // Whole numbers below 2⁵³ (Double) or 2²⁴ (Float): exact as integers.
            let sum = UInt64(Double(buffer[count + 1 + 2 * k])), squares = UInt64(Double(buffer[count + 2 + 2 * k]))
            let left = UInt64(group.size).multipliedFullWidth(by: squares), right = sum.multipliedFullWidth(by: sum)
            return left.high == right.high && left.low == right.low
        }
        if checksParameters {
            checksParameters = false
            guard agree(2) else { throw DataParallelError.parametersDiffer(step: step) }
        }
        guard agree(0), agree(1) else { throw DataParallelError.streamsDiverged(step: step) }
        return buffer[count]
    }

    /// Gives every rank rank 0's generator state (its four words in eight
    /// 32-bit halves, exact in Double).
    private func synchronise(_ generator: inout Xoshiro256PlusPlus) throws {
        let words = [generator.state.0, generator.state.1, generator.state.2, generator.state.3]
        var halves = words.flatMap { [Double($0 >> 32), Double($0 & 0xFFFF_FFFF)] }
        try halves.withUnsafeMutableBufferPointer { try group.broadcast($0, from: 0) }
        let word = { (i: Int) in UInt64(halves[2 * i]) << 32 | UInt64(halves[2 * i + 1]) }
        generator = Xoshiro256PlusPlus(state: (word(0), word(1), word(2), word(3)))
    }

    /// Copies rank 0's parameters to every rank, after checking that all
    /// ranks hold parameters of the same names and shapes.
    /// - Throws: ``DataParallelError/parameterLayoutDiffers(ranks:)``, or the group's error.
    func broadcastParameters(_ store: ParameterStore<Scalar>) throws {
        // The layout's 64-bit hash in three 22-bit pieces (exact in Float), rank 0's broadcast.
        let layout = Self.layoutHash(of: store)
        var first = (0..<3).map { Scalar(Double((layout >> (22 * UInt64($0))) & 0x3F_FFFF)) }
        let mine = first
        try first.withUnsafeMutableBufferPointer { try group.broadcastFromFirst($0) }
        var differing: [Scalar] = [first == mine ? 0 : 1]
        try differing.withUnsafeMutableBufferPointer { try group.sum($0) }
        guard differing[0] == 0 else { throw DataParallelError.parameterLayoutDiffers(ranks: Int(Double(differing[0]))) }
        let values = store.names.map { store.unconstrainedValue($0)! }
        var flat = values.flatMap(\.scalars)
        guard !flat.isEmpty else { return }
        try flat.withUnsafeMutableBufferPointer { try group.broadcastFromFirst($0) }
        var offset = 0
        for (name, value) in zip(store.names, values) {
            let scalars = Array(flat[offset..<(offset + value.count)])
            offset += value.count
            if scalars != value.scalars { store.setUnconstrainedValue(name, try Tensor(shape: value.shape, scalars: scalars)) }
        }
    }

    /// A 64-bit FNV-1a hash of the store's parameter names and shapes, in order.
    private static func layoutHash(of store: ParameterStore<Scalar>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ value: UInt64) { hash = (hash ^ value) &* 0x0000_0100_0000_01B3 }
        for name in store.names {
            name.utf8.forEach { mix(UInt64($0)) }
            store.unconstrainedValue(name)?.shape.forEach { mix(UInt64(bitPattern: Int64($0))) }
            mix(0xFF)
        }
        return hash
    }

    /// A 64-bit FNV-1a hash of every parameter's unconstrained values.
    private static func fingerprint(of store: ParameterStore<Scalar>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for name in store.names {
            store.unconstrainedValue(name)?.withUnsafeScalars { scalars in
                for scalar in scalars { hash = (hash ^ Double(scalar).bitPattern) &* 0x0000_0100_0000_01B3 }
            }
        }
        return hash
    }
}
