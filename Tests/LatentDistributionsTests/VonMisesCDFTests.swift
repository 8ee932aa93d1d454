import LatentCore
import LatentDistributions
import Testing

/// The von Mises distribution function and its inverse against quadrature
/// of the density, at every concentration from 10⁻⁸ to 10¹⁰.
@Suite("VonMises cdf and icdf")
struct VonMisesCDFTests {
    /// The density e^(κ(cos(t − μ) − 1))/(2π e^(−κ)I₀(κ)), from logProb.
    static func density(_ t: Double, _ mu: Double, _ kappa: Double) throws -> Double {
        try Double.exp(VonMises(loc: mu, concentration: kappa).logProb(of: Tensor(t)).scalarValue)
    }

    /// Composite Simpson's rule on 2·4000 intervals of [a, b]. Its error is
    /// (b − a)h⁴ max|f⁗|/180; with |f⁗| ≲ (κ + 1)² max f for these κ ≤ 30
    /// and h ≤ 2π/8000, that is below 1e-12 of max f. The tolerance
    /// 1e-10 below leaves a factor 100 for rounding over 8000 terms.
    static func simpson(from a: Double, to b: Double, _ f: (Double) throws -> Double) rethrows -> Double {
        let n = 8000, h = (b - a) / Double(n)
        var sum = try f(a) + f(b)
        for i in 1..<n { sum += (i % 2 == 1 ? 4 : 2) * (try f(a + Double(i) * h)) }
        return sum * h / 3
    }

    @Test(arguments: [(0.0, 1e-8), (1.0, 0.7), (-2.5, 3.0), (3.0, 12.0), (-0.4, 30.0)])
    func cdfMatchesQuadratureOfTheDensity(mu: Double, kappa: Double) throws {
        let distribution = try VonMises(loc: mu, concentration: kappa)
        let xs = [-3.0, -2.0, -0.5, 0.0, 0.8, 2.2, 3.1]
        let ours = try distribution.cdf(Tensor(shape: [xs.count], scalars: xs)).scalars
        for (x, value) in zip(xs, ours) {
            let reference = try Self.simpson(from: -.pi, to: x) { try Self.density($0, mu, kappa) }
            #expect(abs(value - reference) <= 1e-10 * max(reference, 1e-12), "VonMises(\(mu), \(kappa)).cdf(\(x)) = \(value), quadrature \(reference)")
        }
    }

    /// Deep tails keep their relative precision: the masses below (and
    /// above) a point six to ten standard deviations from the mode, against
    /// Simpson's rule on the tail's own interval, where the integrand's
    /// scale is the density at the end point (relative 1e-9: h⁴κ⁴/180 with
    /// h = 1/8000 of an interval of width ≤ π, κ = 50).
    @Test func tailsKeepTheirRelativePrecision() throws {
        let (mu, kappa) = (0.3, 50.0)
        for x in [mu - 1.2, mu - 0.9, mu + 1.0] {
            let lower = try SpecialFunctions.vonMisesCDF(x, loc: mu, concentration: kappa).value
            let upper = try SpecialFunctions.vonMisesSurvival(x, loc: mu, concentration: kappa).value
            let lowerReference = try Self.simpson(from: -.pi, to: x) { try Self.density($0, mu, kappa) }
            let upperReference = try Self.simpson(from: x, to: .pi) { try Self.density($0, mu, kappa) }
            #expect(abs(lower - lowerReference) <= 1e-9 * lowerReference, "F(\(x)) = \(lower), quadrature \(lowerReference)")
            #expect(abs(upper - upperReference) <= 1e-9 * upperReference, "1 − F(\(x)) = \(upper), quadrature \(upperReference)")
        }
        // 40-digit mpmath quadrature with breakpoints every 5e-4 rad near 0.
        let deep = try SpecialFunctions.vonMisesCDF(0, loc: 1, concentration: 500).value
        #expect(abs(deep - 3.1881109860974165e-102) <= 1e-12 * 3.1881109860974165e-102, "VonMises(1, 500).cdf(0) = \(deep)")
    }

    /// icdf(cdf(x)) = x from κ = 10⁻⁸ to 10¹⁰. A relative error ε in the
    /// nearer tail probability P moves x by εP/p(x), and rounding F to a
    /// double near 1 costs ε/p(x); 1e-13 allows ~450 roundings of each.
    @Test(arguments: [1e-8, 0.3, 1.0, 10.0, 500.0, 1e5, 1e10])
    func quantileInvertsTheCDF(kappa: Double) throws {
        for mu in [0.0, 1.0, -2.0, 3.0] {
            let distribution = try VonMises(loc: mu, concentration: kappa)
            let spread = min(1, 8 / kappa.squareRoot())
            let xs = stride(from: -1.0, through: 1.0, by: 0.125).map { mu + $0 * spread }.filter { abs($0) < .pi }
            let f = try distribution.cdf(Tensor(shape: [xs.count], scalars: xs)).scalars
            let back = try distribution.icdf(Tensor(shape: [f.count], scalars: f)).scalars
            for ((x, p), y) in zip(zip(xs, f), back) where p > 0 && p < 1 {
                let density = try Self.density(x, mu, kappa)
                let tail = min(p, try SpecialFunctions.vonMisesSurvival(x, loc: mu, concentration: kappa).value)
                let allowed = 1e-13 * (abs(x) + (tail + (p > 0.5 ? 1 : 0)) / density)
                #expect(abs(y - x) <= allowed, "VonMises(\(mu), \(kappa)).icdf(cdf(\(x))) = \(y)")
            }
        }
    }

    /// At κ = 10¹⁰ the distribution is normal with variance 1/κ: the
    /// relative difference in a tail at z standard deviations is O(z⁴/κ),
    /// 4e-7 at z = 8, so 1e-6 is allowed.
    @Test func hugeConcentrationIsNormal() throws {
        let kappa = 1e10, root = kappa.squareRoot()
        let distribution = try VonMises(loc: 0.5, concentration: kappa)
        for z in [-8.0, -2.0, 0.0, 1.0, 5.0] {
            let value = try distribution.cdf(Tensor(0.5 + z / root)).scalarValue
            let normal = SpecialFunctions.normalCDF(z)
            #expect(abs(value - normal) <= 1e-6 * normal, "VonMises(0.5, 1e10).cdf at z = \(z): \(value), Φ = \(normal)")
        }
        let median = try distribution.icdf(Tensor(0.5)).scalarValue
        #expect(abs(median - 0.5) <= 1e-15)
    }

    /// ∂F/∂x, ∂F/∂μ and ∂F/∂κ through the tape, and the icdf's, against
    /// central differences with step h = 1e-5 (relative to κ): truncation
    /// h²·|F‴|/6 and rounding ε/h keep the difference within 1e-8 of the
    /// slope's scale.
    @Test(arguments: [(0.4, 2.0, 1.1), (-2.8, 15.0, 2.9), (1.0, 400.0, 0.93)])
    func gradientsMatchFiniteDifferences(mu: Double, kappa: Double, x: Double) throws {
        func cdf(_ x: Double, _ mu: Double, _ kappa: Double) throws -> Double {
            try VonMises(loc: mu, concentration: kappa).cdf(Tensor(x)).scalarValue
        }
        let (muTensor, kappaTensor, xTensor) = (Tensor(mu), Tensor(kappa), Tensor(x))
        let slopes = try valueWithGradient(at: [xTensor, muTensor, kappaTensor]) { inputs in
            try VonMises(loc: inputs[1], concentration: inputs[2]).cdf(inputs[0])
        }.gradients.map { try $0.scalarValue }
        let h = 1e-5, hk = 1e-5 * kappa
        let differences = [
            (try cdf(x + h, mu, kappa) - cdf(x - h, mu, kappa)) / (2 * h),
            (try cdf(x, mu + h, kappa) - cdf(x, mu - h, kappa)) / (2 * h),
            (try cdf(x, mu, kappa + hk) - cdf(x, mu, kappa - hk)) / (2 * hk),
        ]
        let scale = try Self.density(mu, mu, kappa)
        for (name, (slope, difference)) in zip(["x", "loc", "concentration"], zip(slopes, differences)) {
            #expect(abs(slope - difference) <= 1e-7 * scale, "∂F/∂\(name) = \(slope), central difference \(difference)")
        }
        let p = try cdf(x, mu, kappa)
        let quantileSlopes = try valueWithGradient(at: [muTensor, kappaTensor]) { inputs in
            try VonMises(loc: inputs[0], concentration: inputs[1]).icdf(Tensor(p))
        }.gradients.map { try $0.scalarValue }
        let quantile = { (mu: Double, kappa: Double) in try VonMises(loc: mu, concentration: kappa).icdf(Tensor(p)).scalarValue }
        let quantileDifferences = [
            (try quantile(mu + h, kappa) - quantile(mu - h, kappa)) / (2 * h),
            (try quantile(mu, kappa + hk) - quantile(mu, kappa - hk)) / (2 * hk),
        ]
        for (slope, difference) in zip(quantileSlopes, quantileDifferences) {
            #expect(abs(slope - difference) <= 1e-6 * max(1, abs(difference)), "icdf slope \(slope), central difference \(difference)")
        }
    }

    /// Tensor parameters broadcast against the value; NaN in gives NaN
    /// out, probabilities outside [0, 1] give NaN, and p = 0, 1 give ∓π.
    @Test func broadcastingAndEdges() throws {
        let distribution = try VonMises(loc: Tensor([0.0, 1.0, -2.0]), concentration: Tensor(shape: [2, 1], scalars: [1.0, 50.0]))
        let values = try distribution.cdf(Tensor(0.25)).scalars
        #expect(values.count == 6)
        for (i, value) in values.enumerated() {
            let single = try VonMises(loc: [0.0, 1.0, -2.0][i % 3], concentration: [1.0, 50.0][i / 3]).cdf(Tensor(0.25)).scalarValue
            #expect(value == single)
        }
        let scalar = try VonMises(loc: 0.0, concentration: 1.0)
        #expect(try scalar.cdf(Tensor(Double.nan)).scalarValue.isNaN)
        #expect(try scalar.cdf(Tensor(3.5)).scalarValue == 1)
        #expect(try scalar.cdf(Tensor(-3.5)).scalarValue == 0)
        #expect(try scalar.icdf(Tensor([-0.1, 1.5, .nan])).scalars.allSatisfy(\.isNaN))
        #expect(try scalar.icdf(Tensor([0.0, 1.0])).scalars == [-.pi, .pi])
    }
}
