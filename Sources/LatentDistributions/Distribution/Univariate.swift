import LatentCore

/// Machinery shared by distributions of one real (or integer) variable
/// whose parameters apply elementwise.
enum Univariate {
    /// The shape of `logProb(of: value)`: the broadcast of the value's shape
    /// with the batch shape. The distribution's name is only formed for an
    /// error.
    static func resultShape<S>(of value: Tensor<S>, batchShape: [Int], distribution: @autoclosure () -> String) throws -> [Int] {
        guard let shape = broadcastShape(value.shape, batchShape) else {
            throw DistributionError.valueShapeMismatch(distribution: distribution(), valueShape: value.shape, expected: batchShape)
        }
        return shape
    }

    /// `logDensity(x)` where `value` is finite and lies in `support`, and
    /// −∞ elsewhere: at ±∞ too, the limit of every density and mass here,
    /// which the formulas themselves would give as ∞ − ∞ = NaN.
    ///
    /// Values outside the support are replaced by `inside` before the
    /// density is evaluated, so that no NaN or infinity from a formula used
    /// outside its domain can reach a gradient through the masked branch.
    static func logDensity<S>(
        at value: Tensor<S>, in support: Constraint<S>, batchShape: [Int], distribution: @autoclosure () -> String,
        inside: Tensor<S>, _ logDensity: (Tensor<S>) throws -> Tensor<S>
    ) throws -> Tensor<S> {
        _ = try resultShape(of: value, batchShape: batchShape, distribution: distribution())
        // A check a compiled step repeats on every replay (falling back to
        // the eager step when it fails), not a read of the value.
        let isInside = value.satisfies { (try? support.containsFinite($0)) ?? false }
        if isInside { return try logDensity(value) }
        let finite = withoutCapture { value.scalars.allSatisfy(\.isFinite) }
        let mask = try finite ? support.mask(value) : support.mask(value) * abs(value).mask(lessThan: Tensor(.infinity))
        let safe = try select(where: mask, value, inside.detached)
        return try select(where: mask, logDensity(safe), Tensor(-S.infinity))
    }

    /// e·log x for x ≥ 0, with its limits at x = 0 (+∞ for e < 0, 0 for
    /// e = 0, −∞ for e > 0) and no NaN in any gradient there: the x^(a−1)
    /// factor of the gamma and beta densities.
    static func exponentTimesLog<S>(_ e: Tensor<S>, _ x: Tensor<S>) throws -> Tensor<S> {
        let atZero = try x.mask(equalTo: Tensor(0))
        let interior = try e * log(select(where: atZero, Tensor(1), x))
        if x.satisfies({ $0.scalars.allSatisfy { $0 != 0 } }) { return interior }
        let negative = try e.mask(lessThan: Tensor(0)), zero = try e.mask(equalTo: Tensor(0))
        let limit = try select(where: negative, Tensor(.infinity), select(where: zero, Tensor(0), Tensor(-.infinity)))
        return try select(where: atZero, limit, interior)
    }

    /// Uniform noise on the open interval (0, 1) of shape `shape`: the ends
    /// are moved inward by half an ulp so that inverse CDFs (log u,
    /// log(1 − u), tan(π(u − ½))) stay finite in both precisions.
    static func openUniform<S>(_ shape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<S> {
        let u = try Tensor<S>.randomUniform(shape, using: &generator)
        return try u.clamped(to: S.leastNormalMagnitude, 1 - S.ulpOfOne / 2)
    }

    /// Noise of shape `shape`, each scalar drawn in Double by `noise` and
    /// rounded once: the pathwise families' standard draws, whose tails then
    /// reach as far in Float as in Double (a Float uniform near 1 is
    /// spaced 2⁻²⁴ apart, and rounds to 1 once in 3·10⁷ draws).
    static func noise<S, G: RandomNumberGenerator>(
        _ shape: [Int], using generator: inout G, _ noise: (inout G) -> Double
    ) throws -> Tensor<S> {
        let count = shape.reduce(1, *)
        var scalars = [S]()
        scalars.reserveCapacity(count)
        for _ in 0..<count { scalars.append(S(noise(&generator))) }
        return try Tensor(shape: shape, scalars: scalars)
    }

    /// `sampleShape + batchShape` draws, element i from `draw(i mod batch
    /// size, &generator)`: the batch index of a draw, since batch axes are
    /// the trailing ones.
    static func draw<S, G: RandomNumberGenerator>(
        _ sampleShape: [Int], batchShape: [Int], using generator: inout G, _ draw: (Int, inout G) -> S
    ) throws -> Tensor<S> {
        let batchCount = Swift.max(batchShape.reduce(1, *), 1)
        let total = (sampleShape + batchShape).reduce(1, *)
        var scalars = [S]()
        scalars.reserveCapacity(total)
        for i in 0..<total { scalars.append(draw(i % batchCount, &generator)) }
        return try Tensor(shape: sampleShape + batchShape, scalars: scalars)
    }
}
