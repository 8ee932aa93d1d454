import LatentCore
import RealModule

/// The von Mises distribution, the circular analogue of the normal, on
/// [−π, π]: p(x) = exp(κ cos(x − μ))/(2π I₀(κ)).
public struct VonMises<Scalar: TensorScalar>: DistributionWithEntropy {
    /// The mean direction μ (any real; only its angle matters).
    public let loc: Tensor<Scalar>
    /// The concentration κ ≥ 0 (0 is the uniform distribution on the circle).
    public let concentration: Tensor<Scalar>
    public let batchShape: [Int]

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

    public var eventShape: [Int] { [] }
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

    /// H = log(2π I₀(κ)) − κ I₁(κ)/I₀(κ).
    public func entropy() throws -> Tensor<Scalar> {
        let ratio = try concentration.detached.scalars.map { Scalar(try SpecialFunctions.besselI1OverI0(Double($0))) }
        return try (logNormaliserBessel() + Scalar.log(2 * .pi) - concentration * Tensor(shape: concentration.shape, scalars: ratio))
            .expanded(to: batchShape)
    }

    public func logProb(of value: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try Univariate.logDensity(at: value, in: support, batchShape: batchShape, distribution: name, inside: Tensor(0)) { x in
            try concentration * cos(x - loc) - logNormaliserBessel() - Scalar.log(2 * .pi)
        }
    }

    /// Best & Fisher (1979): rejection from a wrapped Cauchy envelope, then
    /// the angle wrapped into [−π, π).
    public func sample(_ sampleShape: [Int], using generator: inout some RandomNumberGenerator) throws -> Tensor<Scalar> {
        let mu = try loc.detached.expanded(to: batchShape).scalars.map(Double.init)
        let kappa = try concentration.detached.expanded(to: batchShape).scalars.map(Double.init)
        return try Univariate.draw(sampleShape, batchShape: batchShape, using: &generator) { i, g in
            Scalar(Self.wrap(mu[i] + Self.angle(concentration: kappa[i], using: &g)))
        }
    }

    static func angle(concentration kappa: Double, using generator: inout some RandomNumberGenerator) -> Double {
        if kappa < 1e-8 { return Double.pi * (2 * Double.randomUniform(using: &generator) - 1) }
        let tau = 1 + (1 + 4 * kappa * kappa).squareRoot()
        let rho = (tau - (2 * tau).squareRoot()) / (2 * kappa)
        let r = (1 + rho * rho) / (2 * rho)
        while true {
            let u1 = Double.randomUniform(using: &generator), u2 = Double.randomUniform(using: &generator)
            let z = Double.cos(Double.pi * u1)
            let f = (1 + r * z) / (r + z)
            let c = kappa * (r - f)
            if c * (2 - c) - u2 > 0 || Double.log(c / u2) + 1 - c >= 0 {
                let sign: Double = Double.randomUniform(using: &generator) < 0.5 ? -1 : 1
                return sign * Double.acos(Swift.min(Swift.max(f, -1), 1))
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
