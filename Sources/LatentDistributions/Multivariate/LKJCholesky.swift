import LatentCore
import RealModule

/// The LKJ distribution (Lewandowski, Kurowicka & Joe 2009) over Cholesky
/// factors L of D×D correlation matrices C = LLᵀ, with p(C) ∝ det(C)^(η−1):
/// η = 1 is uniform over correlation matrices, η > 1 favours the identity.
///
/// On L's strictly lower entries the density is
/// p(L) = Πᵢ Lᵢᵢ^(2η − 2 + D − i) / c_D(η) (rows i = 1…D), the extra powers
/// being the Jacobian of L ↦ LLᵀ, with
/// log c_D(η) = Σₖ₌₁^(D−1) [(2η − 2 + D − k)(D − k) log 2 + (D − k) log B(bₖ, bₖ)],
/// bₖ = η + (D − 1 − k)/2. Draws use the onion method.
public struct LKJCholesky<Scalar: TensorScalar>: Distribution {
    /// D, the size of the correlation matrices (at least 2).
    public let dimension: Int
    /// η > 0.
    public let concentration: Tensor<Scalar>

    /// Creates the LKJ distribution over Cholesky factors of D×D correlation
    /// matrices with concentration η.
    ///
    /// - Parameters:
    ///   - dimension: D ≥ 2.
    ///   - concentration: η > 0, a single value (the batch shape is []).
    ///   - validating: check that η is positive and finite (on by default;
    ///     switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for a dimension below 2, or a
    ///   non-positive, infinite or batched concentration.
    public init(dimension: Int, concentration: Tensor<Scalar>, validating: Bool = true) throws {
        guard dimension >= 2 else {
            throw DistributionError.invalidParameter(
                of: Self.self, parameter: "dimension", requirement: "at least 2", value: Double(dimension))
        }
        guard concentration.count == 1 else {
            throw DistributionError.parameterShapeMismatch(of: Self.self, ["concentration": concentration.shape])
        }
        try checkParameters(
            ["concentration": (concentration, .positive), "concentration": (concentration, .finite)], of: Self.self, validating: validating)
        self.dimension = dimension
        self.concentration = try concentration.reshaped(to: [])
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(dimension: Int, concentration: Scalar, validating: Bool = true) throws {
        try self.init(dimension: dimension, concentration: Tensor(concentration), validating: validating)
    }

    /// []: the distribution is never batched.
    public var batchShape: [Int] { [] }
    /// [D, D]: each draw is a D×D lower Cholesky factor.
    public var eventShape: [Int] { [dimension, dimension] }
    /// Cholesky factors of correlation matrices.
    public var support: Constraint<Scalar> { .correlationCholesky }

    /// log p(L) = Σᵢ (2η − 2 + D − i) log Lᵢᵢ − log c_D(η), −∞ off the support.
    /// - Throws: ``DistributionError/valueShapeMismatch(distribution:valueShape:expected:)``
    ///   unless `value` ends in a D×D matrix.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard value.rank >= 2, Array(value.shape.suffix(2)) == eventShape else {
            throw DistributionError.valueShapeMismatch(distribution: name, valueShape: value.shape, expected: eventShape)
        }
        let d = dimension
        let valid = try support.mask(value)
        let identity = try Tensor<Scalar>.identity(d)
        let safe = try select(where: valid.expandingShape(at: -1).expandingShape(at: -1), value, identity)
        let diagonal = try (safe * identity).sum(alongAxes: [-1])
        // Exponent of Lᵢᵢ for rows i = 1…D (0-based here: 2η − 3 + D − i).
        let offsets = Tensor((0..<d).map { Scalar(d - 3 - $0) })
        let exponents = try concentration * 2 + offsets
        let density = try (exponents * log(diagonal)).sum(alongAxes: [-1]) - logNormaliser()
        return try select(where: valid, density, Tensor(-.infinity))
    }

    /// log c_D(η) = Σₖ₌₁^(D−1) (D − k)[½ log π − (log Γ(bₖ + ½) − log Γ(bₖ))].
    ///
    /// Legendre's duplication formula Γ(2b) = 2^(2b−1) Γ(b) Γ(b + ½)/√π turns
    /// log B(bₖ, bₖ) into ½ log π − (2bₖ − 1) log 2 + log Γ(bₖ) − log Γ(bₖ + ½),
    /// and its powers of 2 cancel those of the normaliser exactly. What is left,
    /// the difference of log-gammas half apart, is taken without cancellation
    /// (``SpecialFunctions/logGammaDifference(_:_:)``): summing the terms as
    /// written loses 5e-8 at η = 10⁶ and everything at η = 10³⁰⁰, where
    /// 2η log 2 ≈ 10³⁰⁰ and log c_D is a few hundred.
    func logNormaliser() throws -> Tensor<Scalar> {
        let d = dimension
        var total = Tensor<Scalar>(0)
        for k in 1..<d {
            let b = concentration + Scalar(d - 1 - k) / 2
            let halfStep = try Univariate.elementwise(b) { x in
                (SpecialFunctions.logGammaDifference(x, 0.5), SpecialFunctions.digammaDifference(x, 0.5))
            }
            total = try total + (Scalar.log(.pi) / 2 - halfStep) * Scalar(d - k)
        }
        return total
    }

    /// The onion method: row i (0-based) of L is √y·u with y ~ Beta(i/2,
    /// η + (D − 1 − i)/2) and u uniform on the unit sphere in Rⁱ, and
    /// Lᵢᵢ = √(1 − y), kept at least the least normal number: at η = 10⁻³,
    /// 1 − y is below 10⁻⁶⁴⁶ in a fifth of the rows, where √(1 − y) rounds
    /// to 0 and the factor would leave the support (log p = −∞ at a draw).
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let d = dimension
        let eta = Double(try concentration.scalarValue)
        let count = sampleShape.reduce(1, *)
        var scalars = [Scalar](repeating: 0, count: count * d * d)
        for s in 0..<count {
            let base = s * d * d
            scalars[base] = 1
            for i in 1..<d {
                let a = Double(i) / 2, b = eta + Double(d - 1 - i) / 2
                // √y and √(1 − y) from the log-odds d of y: e^(−softplus(∓d)/2), both
                // exact where 1 − y is below 10⁻¹⁶ (η near 0) or y is (η huge).
                let logOdds = Double.randomBetaLogOdds(a, b, using: &generator)
                let rootY = Double.exp(-0.5 * Self.softplus(-logOdds)), rootComplement = Double.exp(-0.5 * Self.softplus(logOdds))
                let direction = (0..<i).map { _ in Double.randomNormal(using: &generator) }
                let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
                for j in 0..<i { scalars[base + i * d + j] = Scalar(rootY * direction[j] / norm) }
                scalars[base + i * d + i] = Swift.max(Scalar(rootComplement), Scalar.leastNormalMagnitude)
            }
        }
        return try Tensor(shape: sampleShape + eventShape, scalars: scalars)
    }

    /// log(1 + eˣ) without overflow; +∞ at +∞, 0 at −∞.
    private static func softplus(_ x: Double) -> Double {
        Swift.max(x, 0) + Double.log(onePlus: Double.exp(-Swift.abs(x)))
    }
}
