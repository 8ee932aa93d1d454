import LatentCore
import RealModule

/// The von Mises distribution, the circular analogue of the normal, on
/// [−π, π]: p(x) = exp(κ cos(x − μ))/(2π I₀(κ)).
///
/// Its distribution function cuts the circle at −π whatever μ is:
/// F(x) = ∫ from −π to x of p(t) dt.
public struct VonMises<Scalar: TensorScalar>: DistributionWithEntropy, DistributionWithCDF {
    /// The mean direction μ (any real; only its angle matters).
    public let loc: Tensor<Scalar>
    /// The concentration κ ≥ 0 (0 is the uniform distribution on the circle).
    public let concentration: Tensor<Scalar>
    /// The broadcast shape of `loc` and `concentration`.
    public let batchShape: [Int]

    /// Creates von Mises distributions with mean direction μ and concentration κ.
    ///
    /// - Parameters:
    ///   - loc: the mean direction μ, in radians.
    ///   - concentration: κ ≥ 0; the batch shape is the broadcast of the shapes
    ///     of `loc` and `concentration`.
    ///   - validating: check that μ and κ are finite and κ non-negative (on by
    ///     default; switch off only for speed in trusted code).
    /// - Throws: ``DistributionError`` for a negative concentration or NaN.
    public init(loc: Tensor<Scalar>, concentration: Tensor<Scalar>, validating: Bool = true) throws {
        batchShape = try checkParameters(
            ["loc": (loc, .finite), "concentration": (concentration, .nonNegative), "concentration": (concentration, .finite)],
            of: Self.self, validating: validating)
        self.loc = loc
        self.concentration = concentration
    }

    /// The same from scalar parameters: one distribution, of batch shape [].
    public init(loc: Scalar, concentration: Scalar, validating: Bool = true) throws {
        try self.init(loc: Tensor(loc), concentration: Tensor(concentration), validating: validating)
    }

    /// []: each draw is a scalar angle.
    public var eventShape: [Int] { [] }
    /// The interval [−π, π].
    public var support: Constraint<Scalar> { .interval(lower: Tensor(-.pi), upper: Tensor(.pi)) }

    /// log I₀(κ), with d/dκ = I₁(κ)/I₀(κ) attached.
    func logNormaliserBessel() throws -> Tensor<Scalar> {
        let kappa = concentration.detached.scalars.map(Double.init)
        let values = try kappa.map { Scalar(try SpecialFunctions.logBesselI0($0)) }
        let slopes = try kappa.map { Scalar(try SpecialFunctions.besselI1OverI0($0)) }
        return try withKnownDerivatives(
            Tensor(shape: concentration.shape, scalars: values), inputs: [concentration],
            partials: [Tensor(shape: concentration.shape, scalars: slopes)])
    }

    /// The circular mean, μ: the direction of E[e^(iX)].
    ///
    /// The von Mises family does not conform to ``DistributionWithMoments``:
    /// its moments are circular, not the E[X] and Var[X] of a variable on
    /// the line (which depend on where the circle is cut).
    public var circularMean: Tensor<Scalar> { get throws { try loc.expanded(to: batchShape) } }

    /// The circular variance 1 − |E[e^(iX)]| = 1 − I₁(κ)/I₀(κ), from
    /// exponentially scaled Bessel functions so that large κ does not
    /// overflow; d/dκ (I₁/I₀) = 1 − (I₁/I₀)/κ − (I₁/I₀)².
    public var circularVariance: Tensor<Scalar> {
        get throws {
            try Univariate.elementwise(concentration) { kappa in
                let ratio = try SpecialFunctions.besselI1OverI0(kappa)
                let slope = kappa > 0 ? 1 - ratio / kappa - ratio * ratio : 0.5
                return (1 - ratio, -slope)
            }
            .expanded(to: batchShape)
        }
    }

    /// H = log(2π I₀(κ)) − κ I₁(κ)/I₀(κ).
    public func entropy() throws -> Tensor<Scalar> {
        let ratio = try concentration.detached.scalars.map { Scalar(try SpecialFunctions.besselI1OverI0(Double($0))) }
        return try (logNormaliserBessel() + Scalar.log(2 * .pi) - concentration * Tensor(shape: concentration.shape, scalars: ratio))
            .expanded(to: batchShape)
    }

    /// log p(x) = κ cos(x − μ) − log I₀(κ) − log 2π on [−π, π], −∞ elsewhere.
    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { x in
            try concentration * cos(x - loc) - logNormaliserBessel() - Scalar.log(2 * .pi)
        }
    }

    /// F(x) = ∫ from −π to x of p(t) dt, 0 below −π and 1 above π, to
    /// full relative precision in both tails
    /// (`SpecialFunctions.vonMisesCDF(_:loc:concentration:)`), with
    /// ∂F/∂x = p(x), ∂F/∂μ = p(−π) − p(x) (the mass slides past the fixed
    /// cut at −π) and ∂F/∂κ = ∫ from −π to x of (cos(t − μ) − I₁(κ)/I₀(κ)) p(t) dt
    /// attached. NaN at a NaN x.
    public func cdf(_ value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: value, batchShape: batchShape, distribution: name)
        return try Univariate.elementwise([value, loc, concentration]) { v in
            let (x, mu, kappa) = (v[0], v[1], v[2])
            let f = try SpecialFunctions.vonMisesCDF(x, loc: mu, concentration: kappa)
            guard x >= -.pi, x <= .pi else { return (f.value, [0, 0, 0]) }
            let density = try SpecialFunctions.vonMisesDensity(x, loc: mu, concentration: kappa)
            let cutDensity = try SpecialFunctions.vonMisesDensity(-.pi, loc: mu, concentration: kappa)
            return (f.value, [density, cutDensity - density, f.concentrationSlope])
        }
    }

    /// F⁻¹(p) in [−π, π] (−π at 0, π at 1), by safeguarded Newton steps on
    /// the nearer tail (`SpecialFunctions.vonMisesQuantile(_:loc:concentration:)`),
    /// with dx/dp = 1/p(x) and, implicitly, dx/dμ = −(∂F/∂μ)/p(x) and
    /// dx/dκ = −(∂F/∂κ)/p(x) (zero at p = 0 and 1). NaN outside [0, 1].
    public func icdf(_ probability: Tensor<Scalar>) throws -> Tensor<Scalar> {
        _ = try Univariate.resultShape(of: probability, batchShape: batchShape, distribution: name)
        return try Univariate.elementwise([probability, loc, concentration]) { v in
            let (p, mu, kappa) = (v[0], v[1], v[2])
            guard p >= 0, p <= 1 else { return (.nan, [.nan, .nan, .nan]) }
            let x = try SpecialFunctions.vonMisesQuantile(p, loc: mu, concentration: kappa)
            let density = try SpecialFunctions.vonMisesDensity(x, loc: mu, concentration: kappa)
            guard p > 0, p < 1, density > 0 else { return (x, [0, 0, 0]) }
            let cutDensity = try SpecialFunctions.vonMisesDensity(-.pi, loc: mu, concentration: kappa)
            let slope = try SpecialFunctions.vonMisesCDF(x, loc: mu, concentration: kappa).concentrationSlope
            return (x, [1 / density, (density - cutDensity) / density, -slope / density])
        }
    }

    /// Best & Fisher (1979): rejection from a wrapped Cauchy envelope, then
    /// the angle wrapped into [−π, π). See `angle(concentration:using:)`.
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let mu = try loc.detached.expanded(to: batchShape).scalars.map(Double.init)
        let kappa = try concentration.detached.expanded(to: batchShape).scalars.map(Double.init)
        return try Univariate.draw(sampleShape, batchShape: batchShape, using: &generator) { i, g in
            Scalar(Self.wrap(mu[i] + Self.angle(concentration: kappa[i], using: &g)))
        }
    }

    /// An angle of VonMises(0, κ), for every finite κ ≥ 0.
    ///
    /// - κ ≤ 2⁻⁵⁴: uniform on [−π, π): the density e^(κ cos θ) varies by a
    ///   factor below 1 + 2⁻⁵³ there, under the resolution of a uniform draw.
    /// - κ ≥ 2⁶⁰: normal with standard deviation 1/√κ: κ(cos θ − 1) =
    ///   −κθ²/2 + O(κθ⁴), so the two differ by O(1/κ) < 10⁻¹⁸ in total variation.
    /// - otherwise Best & Fisher's rejection, whose acceptance rate is above
    ///   0.65 for every κ, with its envelope parameter r = (1 + ρ²)/(2ρ) and
    ///   the quantities r − 1, 1 − f and r − f formed without cancellation
    ///   (``BestFisherEnvelope``): the textbook ρ = (τ − √(2τ))/(2κ) rounds
    ///   to 0 for κ near 10⁻⁸, where r = ∞ made every proposal fail.
    static func angle(concentration kappa: Double, using generator: inout some RandomNumberGenerator) -> Double {
        if kappa <= 0x1p-54 { return Double.pi * (2 * Double.randomUniform(using: &generator) - 1) }
        if kappa >= 0x1p60 { return Double.randomNormal(using: &generator) / kappa.squareRoot() }
        let envelope = BestFisherEnvelope(concentration: kappa)
        while true {
            let u1 = Double.randomUniform(using: &generator), u2 = Double.randomUniform(using: &generator)
            // z = cos(πu₁), with 1 − z and 1 + z formed from half-angle sines and cosines.
            let half = Double.pi * u1 / 2
            let oneMinusZ = 2 * Double.sin(half) * Double.sin(half), onePlusZ = 2 * Double.cos(half) * Double.cos(half)
            let rPlusZ = envelope.rMinusOne + onePlusZ
            // f = (1 + rz)/(r + z), so 1 − f = (r − 1)(1 − z)/(r + z) and r − f = (r − 1)(r + 1)/(r + z).
            let oneMinusF = envelope.rMinusOne * oneMinusZ / rPlusZ
            let c = kappa * envelope.rMinusOne * (envelope.rMinusOne + 2) / rPlusZ
            if c * (2 - c) - u2 > 0 || Double.log(c / u2) + 1 - c >= 0 {
                let sign: Double = Double.randomUniform(using: &generator) < 0.5 ? -1 : 1
                // acos f = 2 asin(√((1 − f)/2)), exact for f near 1.
                return sign * 2 * Double.asin(Swift.min(Swift.max(oneMinusF / 2, 0), 1).squareRoot())
            }
        }
    }

    /// x wrapped into [−π, π).
    static func wrap(_ x: Double) -> Double {
        let twoPi = 2 * Double.pi
        let shifted = (x + Double.pi).truncatingRemainder(dividingBy: twoPi)
        return (shifted < 0 ? shifted + twoPi : shifted) - Double.pi
    }
}

/// r − 1 of Best & Fisher's wrapped Cauchy envelope for VonMises(0, κ):
/// τ = 1 + √(1 + 4κ²), ρ = (τ − √(2τ))/(2κ) = 2κ/(τ + √(2τ)), r = (1 + ρ²)/(2ρ),
/// so r − 1 = (1 − ρ)²/(2ρ). For κ < 1, ρ by the second form; for κ ≥ 1, in
/// h = 1/(2κ), where τ/(2κ) = A = √(1 + h²) + h and √(2τ)/(2κ) = B = √(2hA)
/// give ρ = 1/(A + B) and 1 − ρ = (h + h²/(1 + √(1 + h²)) + B)/(A + B),
/// with nothing to overflow or cancel up to κ = 2⁶⁰.
struct BestFisherEnvelope {
    let rMinusOne: Double

    init(concentration kappa: Double) {
        let rho: Double, complement: Double
        if kappa < 1 {
            let tau = 1 + (1 + 4 * kappa * kappa).squareRoot()
            rho = 2 * kappa / (tau + (2 * tau).squareRoot())
            complement = 1 - rho
        } else {
            let h = 1 / (2 * kappa)
            let root = (1 + h * h).squareRoot()
            let a = root + h, b = (2 * h * a).squareRoot()
            rho = 1 / (a + b)
            complement = (h + h * h / (1 + root) + b) / (a + b)
        }
        rMinusOne = complement * complement / (2 * rho)
    }
}
