/// Making tensors: constants, ranges and random draws.
extension Tensor {
    /// A tensor of `shape` with every scalar equal to `value`.
    /// - Throws: ``TensorError/invalidShape(operation:shape:reason:)`` for a negative dimension.
    @inlinable
    public init(shape: [Int], repeating value: Scalar) throws {
        try Shape.validate(shape, operation: "Tensor(shape:repeating:)")
        self = Kernels.full(value, shape: shape)
    }

    /// Zeros of `shape`.
    @inlinable
    public static func zeros(_ shape: [Int]) throws -> Tensor { try Tensor(shape: shape, repeating: 0) }

    /// Ones of `shape`.
    @inlinable
    public static func ones(_ shape: [Int]) throws -> Tensor { try Tensor(shape: shape, repeating: 1) }

    /// The n×n identity matrix.
    @inlinable
    public static func identity(_ n: Int) throws -> Tensor {
        var result = try zeros([n, n])
        result.withUnsafeMutableScalars { for i in 0..<n { $0[i * n + i] = 1 } }
        return result
    }

    /// `start, start + step, …` up to but excluding `end` (NumPy's `arange`).
    /// - Throws: ``TensorError/invalidArgument(operation:reason:)`` for a zero or non-finite step.
    @inlinable
    public static func arange(from start: Scalar, to end: Scalar, by step: Scalar = 1) throws -> Tensor {
        guard step != 0, step.isFinite, start.isFinite, end.isFinite else {
            throw TensorError.invalidArgument(operation: "arange", reason: "needs finite bounds and a non-zero finite step")
        }
        let steps = Swift.max(0, Double(((end - start) / step).rounded(.up)))
        try Shape.validateCount(steps, shape: [], operation: "arange")
        let n = Int(steps)
        return Tensor((0..<n).map { start + Scalar($0) * step })
    }

    /// `count` evenly spaced scalars from `start` to `end`, both included.
    /// - Throws: ``TensorError/invalidArgument(operation:reason:)`` for a negative count.
    @inlinable
    public static func linspace(from start: Scalar, through end: Scalar, count: Int) throws -> Tensor {
        guard count >= 0 else {
            throw TensorError.invalidArgument(operation: "linspace", reason: "count \(count) is negative")
        }
        try Shape.validateCount(Double(count), shape: [count], operation: "linspace")
        if count == 1 { return Tensor([start]) }
        let step = (end - start) / Scalar(Swift.max(count - 1, 1))
        return Tensor((0..<count).map { $0 == count - 1 ? end : start + Scalar($0) * step })
    }

    /// Independent N(mean, standardDeviation²) draws filling `shape`.
    /// - Throws: ``TensorError/invalidArgument(operation:reason:)`` for a
    ///   negative or non-finite standard deviation.
    @inlinable
    public static func randomNormal(
        _ shape: [Int], mean: Scalar = 0, standardDeviation: Scalar = 1,
        using generator: inout some RandomNumberGenerator
    ) throws -> Tensor {
        guard standardDeviation >= 0, standardDeviation.isFinite, mean.isFinite else {
            throw TensorError.invalidArgument(
                operation: "randomNormal", reason: "needs a finite mean and a finite standard deviation ≥ 0")
        }
        var result = try zeros(shape)
        result.withUnsafeMutableScalars { out in
            fillNormal(out.baseAddress!, count: out.count, mean: mean, standardDeviation: standardDeviation, using: &generator)
        }
        return result.capturedDraw(normal: (mean, standardDeviation)) { generator, out, count in
            fillNormal(out, count: count, mean: mean, standardDeviation: standardDeviation, using: &generator)
        }
    }

    /// Independent uniform draws on [lower, upper) filling `shape`.
    /// - Throws: ``TensorError/invalidArgument(operation:reason:)`` unless lower < upper, both finite.
    @inlinable
    public static func randomUniform(
        _ shape: [Int], lower: Scalar = 0, upper: Scalar = 1,
        using generator: inout some RandomNumberGenerator
    ) throws -> Tensor {
        guard lower < upper, lower.isFinite, upper.isFinite else {
            throw TensorError.invalidArgument(operation: "randomUniform", reason: "needs finite bounds with lower < upper")
        }
        var result = try zeros(shape)
        result.withUnsafeMutableScalars { out in
            for i in 0..<out.count {
                out[i] = lower + (upper - lower) * Scalar(Scalar.uniformDouble(&generator))
            }
        }
        return result.capturedDraw { generator, out, count in
            for i in 0..<count { out[i] = lower + (upper - lower) * Scalar(Scalar.uniformDouble(&generator)) }
        }
    }

    /// Independent Exp(rate) draws filling `shape` (mean 1/rate).
    /// - Throws: ``TensorError/invalidArgument(operation:reason:)`` unless rate is positive and finite.
    @inlinable
    public static func randomExponential(
        _ shape: [Int], rate: Scalar = 1, using generator: inout some RandomNumberGenerator
    ) throws -> Tensor {
        guard rate > 0, rate.isFinite else {
            throw TensorError.invalidArgument(operation: "randomExponential", reason: "rate \(rate) is not positive and finite")
        }
        var result = try zeros(shape)
        result.withUnsafeMutableScalars { out in
            for i in 0..<out.count { out[i] = Scalar.randomExponential(using: &generator) / rate }
        }
        return result.capturedDraw { generator, out, count in
            for i in 0..<count { out[i] = Scalar.randomExponential(using: &generator) / rate }
        }
    }

    /// Independent Gamma(shape: concentration, rate) draws filling `shape`
    /// (mean concentration/rate).
    /// - Throws: ``TensorError/invalidArgument(operation:reason:)`` unless
    ///   both parameters are positive and finite.
    @inlinable
    public static func randomGamma(
        _ shape: [Int], concentration: Scalar, rate: Scalar = 1, using generator: inout some RandomNumberGenerator
    ) throws -> Tensor {
        guard concentration > 0, concentration.isFinite, rate > 0, rate.isFinite else {
            throw TensorError.invalidArgument(
                operation: "randomGamma", reason: "concentration \(concentration) and rate \(rate) must be positive and finite")
        }
        var result = try zeros(shape)
        result.withUnsafeMutableScalars { out in
            for i in 0..<out.count { out[i] = Scalar.randomGamma(shape: concentration, using: &generator) / rate }
        }
        return result.capturedDraw { generator, out, count in
            for i in 0..<count { out[i] = Scalar.randomGamma(shape: concentration, using: &generator) / rate }
        }
    }

    /// `count` N(mean, standardDeviation²) draws into `out`, two per pair of
    /// uniforms (Box–Muller, as ``TensorScalar/normalPair(_:)`` draws them).
    /// Many draws (the latent codes of thousands of importance samples)
    /// take the generator's words on this thread and transform them on all
    /// cores: the same words in the same order, so the same values.
    @inlinable
    static func fillNormal(
        _ out: UnsafeMutablePointer<Scalar>, count: Int, mean: Scalar, standardDeviation: Scalar,
        using generator: inout some RandomNumberGenerator
    ) {
        @inline(__always) func store(_ pair: (Double, Double), at i: Int) {
            out[i] = mean + standardDeviation * Scalar(pair.0)
            if i + 1 < count { out[i + 1] = mean + standardDeviation * Scalar(pair.1) }
        }
        // Each pair costs a logarithm, a sine and a cosine: a few thousand
        // pay for a second thread.
        let (pairs, worthSplitting) = ((count + 1) / 2, 1 << 13)
        guard pairs >= worthSplitting else {
            for pair in 0..<pairs { store(Scalar.normalPair(&generator), at: 2 * pair) }
            return
        }
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * pairs) { words in
            for w in 0..<(2 * pairs) { words[w] = generator.next() }
            let words = UnsafePointer(words.baseAddress!)
            ParallelChunks.forEach(count: pairs, minimumChunk: worthSplitting / 2, alignment: 1) { range in
                for pair in range { store(Scalar.normalPair(words: words[2 * pair], words[2 * pair + 1]), at: 2 * pair) }
            }
        }
    }
}
