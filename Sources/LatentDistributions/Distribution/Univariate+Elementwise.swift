import LatentCore

extension Univariate {
    /// f(x) elementwise, evaluated in Double by a scalar routine that gives
    /// the value and its derivative f′(x), recorded so that gradients flow
    /// through x: for the special functions whose accurate evaluation is a
    /// branchy scalar algorithm rather than a chain of tensor operations.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func elementwise<S>(
        _ x: Tensor<S>, _ f: @escaping (Double) throws -> (value: Double, slope: Double)
    ) throws -> Tensor<S> {
        let results = try elementwiseKernel([x.detached], outputs: 2) { inputs, outputs, count in
            try eachRange(count: count) { range in
                for i in range {
                    let (value, slope) = try f(Double(inputs[0][i]))
                    (outputs[0][i], outputs[1][i]) = (S(value), S(slope))
                }
            }
        }
        return try withKnownDerivatives(results[0], inputs: [x], partials: [results[1]])
    }

    /// f(x₁, …, xₙ) elementwise over the broadcast of the inputs, in
    /// Double, with the partial derivative in each input. The arguments
    /// reach `f` in one array reused for every element.
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func elementwise<S>(
        _ inputs: [Tensor<S>], _ f: @escaping ([Double]) throws -> (value: Double, partials: [Double])
    ) throws -> Tensor<S> {
        try elementwise(inputs) { columns, outputs, count in
            try eachRange(count: count) { range in
                var arguments = [Double](repeating: 0, count: columns.count)
                for i in range {
                    for j in columns.indices { arguments[j] = Double(columns[j][i]) }
                    let (value, slopes) = try f(arguments)
                    outputs[0][i] = S(value)
                    for j in slopes.indices { outputs[j + 1][i] = S(slopes[j]) }
                }
            }
        }
    }

    /// The same with `f` writing the partial derivatives into a buffer
    /// (one slot per input) and returning the value: nothing is allocated
    /// per element, for the functions a training step evaluates on every
    /// element of a minibatch (a KL divergence between Gaussians).
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func elementwise<S>(
        _ inputs: [Tensor<S>],
        writingPartials f: @escaping (_ arguments: UnsafeBufferPointer<Double>, _ partials: UnsafeMutableBufferPointer<Double>) throws -> Double
    ) throws -> Tensor<S> {
        try elementwise(inputs) { columns, outputs, count in
            try eachRange(count: count) { range in
                try withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * columns.count) { buffer in
                    let arguments = UnsafeMutableBufferPointer(rebasing: buffer[0..<columns.count])
                    let partials = UnsafeMutableBufferPointer(rebasing: buffer[columns.count...])
                    for i in range {
                        for j in columns.indices { arguments[j] = Double(columns[j][i]) }
                        outputs[0][i] = S(try f(UnsafeBufferPointer(arguments), partials))
                        for j in partials.indices { outputs[j + 1][i] = S(partials[j]) }
                    }
                }
            }
        }
    }

    /// How many elements a thread takes at least in ``eachRange(count:_:)``:
    /// each element is a scalar routine in Double of tens of nanoseconds
    /// (a KL divergence's logarithm and divisions), so 1,024 of them
    /// outlast handing the range to a worker (about a microsecond) many
    /// times over.
    private static var elementsPerRange: Int { 1_024 }

    /// Runs `body` over ranges of `0..<count` on all cores, for loops whose
    /// elements are computed apart from one another (so each has the bits
    /// it has in one pass); throws the error of the first range that threw.
    private static func eachRange(count: Int, _ body: (Range<Int>) throws -> Void) throws {
        let spacing = elementsPerRange
        // Too few for two ranges: one pass here, nothing allocated (a small model's step).
        guard count >= 2 * spacing, ParallelChunks.threads > 1 else { return try body(0..<count) }
        var errors = [(any Error)?](repeating: nil, count: count / spacing + 1)
        errors.withUnsafeMutableBufferPointer { errors in
            // Ranges are at least `spacing` long, so their first indices fall in different multiples of it.
            ParallelChunks.forEach(count: count, minimumChunk: spacing, alignment: 1) { range in
                do { try body(range) } catch { errors[range.lowerBound / spacing] = error }
            }
        }
        if let error = errors.lazy.compactMap({ $0 }).first { throw error }
    }

    /// The kernel `body` over the inputs expanded to their broadcast shape
    /// (one column per input; outputs: the value, then one partial per
    /// input), recorded with the partials as known derivatives.
    private static func elementwise<S>(
        _ inputs: [Tensor<S>],
        kernel body: @escaping ElementwiseKernel<S>
    ) throws -> Tensor<S> {
        var shape = [Int]()
        for input in inputs {
            guard let joined = broadcastShape(shape, input.shape) else {
                throw TensorError.shapeMismatch(operation: "elementwise", lhs: shape, rhs: input.shape)
            }
            shape = joined
        }
        let columns = try inputs.map { try $0.detached.expanded(to: shape) }
        let results = try elementwiseKernel(columns, outputs: inputs.count + 1, body)
        return try withKnownDerivatives(results[0], inputs: inputs, partials: Array(results.dropFirst()))
    }

    /// The standard normal quantile Φ⁻¹(p) elementwise (±∞ at 0 and 1, NaN
    /// outside [0, 1]), accurate in both tails down to the smallest
    /// probabilities (Wichura's AS 241, through GSL), with dz/dp = 1/φ(z).
    ///
    /// Forming erfinv(2p − 1) instead would round 2p − 1 to −1 for
    /// p < 1.1e-16 and lose the lower tail.
    static func standardNormalQuantile<S>(_ p: Tensor<S>) throws -> Tensor<S> {
        try elementwise(p) { p in
            guard p >= 0, p <= 1 else { return (.nan, .nan) }
            let z = try SpecialFunctions.normalQuantile(p)
            return (z, z.isFinite ? Double.exp(0.5 * z * z) * (2 * Double.pi).squareRoot() : .infinity)
        }
    }
}

extension Univariate {
    /// log(1 + (u/s)²) elementwise for s > 0, as 2(log|u| − log s) +
    /// log1p((s/u)²) where |u| > s, so that neither u/s nor its square can
    /// overflow (the Cauchy and Student t tails at x = 1e200 with a scale of
    /// 1e-200 are finite). Each branch sees a stand-in where the other is
    /// taken, so that no infinity reaches a gradient through the branch not
    /// chosen.
    static func logOnePlusSquare<S>(of u: Tensor<S>, over s: Tensor<S>) throws -> Tensor<S> {
        let z = try u / s
        let large = try abs(z).mask(greaterThan: Tensor(1))
        let big = try select(where: large, abs(u), s * 2), small = try select(where: large, Tensor(0), z)
        let ratio = try s / big
        return try select(where: large, (log(big) - log(s)) * 2 + log1p(ratio * ratio), log1p(small * small))
    }

    /// tan(π(p − ½)) elementwise, the standard Cauchy quantile, as
    /// −1/tan(πp) below ¼ and 1/tan(π(1 − p)) above ¾, where p − ½ would
    /// lose the digits of a tail probability: exact ∓∞ at 0 and 1, NaN
    /// outside [0, 1]; its derivative is π(1 + g²).
    static func standardCauchyQuantile<S>(_ p: Tensor<S>) throws -> Tensor<S> {
        try elementwise(p) { p in
            guard p >= 0, p <= 1 else { return (.nan, .nan) }
            let g = p < 0.25 ? -1 / Double.tan(.pi * p) : p > 0.75 ? 1 / Double.tan(.pi * (1 - p)) : Double.tan(.pi * (p - 0.5))
            return (g, Double.pi * (1 + g * g))
        }
    }
}
