import LatentCore
import LatentDistributions
import Testing

/// The scalar families' KL divergences between nearly equal parameters, at
/// rates of 10¹⁵ and shapes of 10⁸ and at the ends of the Double range,
/// against 50-digit mpmath values of the defining closed forms
/// (`Tools/scalar_kl_references.py`). The direct closed forms cancel terms
/// far larger than the divergence here: Poisson(10¹⁵)‖Poisson(10¹⁵ + 10⁸)
/// gave 4.0 (exact 4.9999997), Gamma(10⁸, 1)‖Gamma(10⁸ + 1, 1) 2.4e-7
/// (exact 5.0e-9), Exponential(1)‖Exponential(1 + 10⁻⁸) 0 (exact 5.0e-17).
/// ``KLExtremeTests`` checks these references with its own (values, and 0
/// from a distribution to itself); this suite adds the gradients.
@Suite("Scalar KL divergences between nearby and extreme parameters")
struct ScalarKLExtremeTests {
    static let references: [KLReference] = [
        KLReference("Poisson(1e15)‖Poisson(1e15 + 1e8)", 4.9999996666666917,
                    p: { try Poisson(rate: 1e15) }, q: { try Poisson(rate: 1e15 + 1e8) }),
        KLReference("Poisson(1e15 + 1e8)‖Poisson(1e15)", 4.9999998333333417,
                    p: { try Poisson(rate: 1e15 + 1e8) }, q: { try Poisson(rate: 1e15) }),
        KLReference("Gamma(1e8, 1)‖Gamma(1e8 + 1, 1)", 5.0000000083333333e-9,
                    p: { try Gamma(concentration: 1e8, rate: 1.0) }, q: { try Gamma(concentration: 1e8 + 1, rate: 1.0) }),
        KLReference("Gamma(1e8 + 1, 1)‖Gamma(1e8, 1)", 4.9999999916666667e-9,
                    p: { try Gamma(concentration: 1e8 + 1, rate: 1.0) }, q: { try Gamma(concentration: 1e8, rate: 1.0) }),
        KLReference("Gamma(1e8, 1)‖Gamma(1e8, 1 + 1e-8)", 4.999999905891958e-9,
                    p: { try Gamma(concentration: 1e8, rate: 1.0) }, q: { try Gamma(concentration: 1e8, rate: 1 + 1e-8) }),
        KLReference("Gamma(1e8, 2)‖Gamma(1e8 + 1e4, 2 + 1e-4)", 0.12499166973884851,
                    p: { try Gamma(concentration: 1e8, rate: 2.0) }, q: { try Gamma(concentration: 1e8 + 1e4, rate: 2 + 1e-4) }),
        KLReference("Gamma(3, 1)‖Gamma(3 + 1e-6, 1)", 1.9746700779368686e-13,
                    p: { try Gamma(concentration: 3.0, rate: 1.0) }, q: { try Gamma(concentration: 3 + 1e-6, rate: 1.0) }),
        KLReference("Beta(1e8, 1e8)‖Beta(1e8 + 1, 1e8)", 2.50000000625e-9,
                    p: { try Beta(concentration1: 1e8, concentration0: 1e8) },
                    q: { try Beta(concentration1: 1e8 + 1, concentration0: 1e8) }),
        KLReference("Beta(1e8, 2e8)‖Beta(1e8 + 1e3, 2e8 - 1e3)", 0.0074999875313436038,
                    p: { try Beta(concentration1: 1e8, concentration0: 2e8) },
                    q: { try Beta(concentration1: 1e8 + 1e3, concentration0: 2e8 - 1e3) }),
        KLReference("Beta(2, 3)‖Beta(2 + 1e-6, 3)", 2.1180549639410771e-13,
                    p: { try Beta(concentration1: 2.0, concentration0: 3.0) },
                    q: { try Beta(concentration1: 2 + 1e-6, concentration0: 3.0) }),
        KLReference("Normal(0, 1)‖Normal(0, 1 + 1e-8)", 9.9999997117839196e-17,
                    p: { try Normal(loc: 0.0, scale: 1.0) }, q: { try Normal(loc: 0.0, scale: 1 + 1e-8) }),
        KLReference("Normal(0, 1 + 1e-8)‖Normal(1e-9, 1)", 1.0049999845117248e-16,
                    p: { try Normal(loc: 0.0, scale: 1 + 1e-8) }, q: { try Normal(loc: 1e-9, scale: 1.0) }),
        KLReference("Exponential(1)‖Exponential(1 + 1e-8)", 4.999999905891958e-17,
                    p: { try Exponential(rate: 1.0) }, q: { try Exponential(rate: 1 + 1e-8) }),
        KLReference("Exponential(1 + 1e-8)‖Exponential(1)", 4.9999998725586258e-17,
                    p: { try Exponential(rate: 1 + 1e-8) }, q: { try Exponential(rate: 1.0) }),
        KLReference("Laplace(0, 1)‖Laplace(0, 1 + 1e-8)", 4.9999998725586258e-17,
                    p: { try Laplace(loc: 0.0, scale: 1.0) }, q: { try Laplace(loc: 0.0, scale: 1 + 1e-8) }),
        KLReference("Laplace(0, 1)‖Laplace(1e-8, 1)", 4.9999999833333336e-17,
                    p: { try Laplace(loc: 0.0, scale: 1.0) }, q: { try Laplace(loc: 1e-8, scale: 1.0) }),
        KLReference("Laplace(0, 1 + 1e-8)‖Laplace(1e-8, 1)", 9.9999998392252927e-17,
                    p: { try Laplace(loc: 0.0, scale: 1 + 1e-8) }, q: { try Laplace(loc: 1e-8, scale: 1.0) }),
        KLReference("Uniform(−1e308, 1e308)‖Uniform(−1.5e308, 1.5e308)", 0.40546510810816438,
                    p: { try Uniform(low: -1e308, high: 1e308) }, q: { try Uniform(low: -1.5e308, high: 1.5e308) }),
    ]

    /// A rewritten divergence with its parameters as the differentiable
    /// arguments, and a point where it is smooth.
    struct GradientCase: Sendable, CustomTestStringConvertible {
        let name: String
        let at: [Double]
        let kl: @Sendable ([Tensor<Double>]) throws -> Tensor<Double>
        var testDescription: String { name }
    }

    static let gradientCases: [GradientCase] = [
        GradientCase(name: "Normal", at: [0.3, 1.2, -1.0, 0.7]) {
            try klDivergence(Normal(loc: $0[0], scale: $0[1]), Normal(loc: $0[2], scale: $0[3]))
        },
        GradientCase(name: "Laplace", at: [0.3, 1.2, -1.0, 0.7]) {
            try klDivergence(Laplace(loc: $0[0], scale: $0[1]), Laplace(loc: $0[2], scale: $0[3]))
        },
        GradientCase(name: "Laplace, nearby", at: [0.3, 1.2, 0.1, 0.7]) {
            try klDivergence(Laplace(loc: $0[0], scale: $0[1]), Laplace(loc: $0[2], scale: $0[3]))
        },
        GradientCase(name: "Exponential", at: [1.5, 0.4]) {
            try klDivergence(Exponential(rate: $0[0]), Exponential(rate: $0[1]))
        },
        GradientCase(name: "Poisson", at: [3.5, 1.25]) {
            try klDivergence(Poisson(rate: $0[0]), Poisson(rate: $0[1]))
        },
        GradientCase(name: "Gamma", at: [2.5, 1.5, 4.0, 0.5]) {
            try klDivergence(Gamma(concentration: $0[0], rate: $0[1]), Gamma(concentration: $0[2], rate: $0[3]))
        },
        GradientCase(name: "Gamma, large shapes", at: [40.0, 1.5, 25.0, 0.5]) {
            try klDivergence(Gamma(concentration: $0[0], rate: $0[1]), Gamma(concentration: $0[2], rate: $0[3]))
        },
        GradientCase(name: "Beta", at: [2.5, 1.5, 4.0, 0.5]) {
            try klDivergence(Beta(concentration1: $0[0], concentration0: $0[1]), Beta(concentration1: $0[2], concentration0: $0[3]))
        },
        GradientCase(name: "Beta, large shapes", at: [40.0, 15.0, 25.0, 30.0]) {
            try klDivergence(Beta(concentration1: $0[0], concentration0: $0[1]), Beta(concentration1: $0[2], concentration0: $0[3]))
        },
    ]

    /// The derivatives attached to the rewritten forms against central
    /// differences of the value: 1e-6 relative, the bar of the suite's other
    /// gradient checks (the differences are good to about 1e-10).
    @Test(arguments: gradientCases)
    func gradientsMatchFiniteDifferences(_ gradientCase: GradientCase) throws {
        let check = try gradientCheck(at: gradientCase.at.map { Tensor($0) }, of: gradientCase.kl)
        #expect(check.maxRelativeError <= 1e-6, "\(gradientCase.name): \(check.relativeErrors)")
    }
}
