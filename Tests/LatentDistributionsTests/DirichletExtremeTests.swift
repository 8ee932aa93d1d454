import LatentCore
import LatentDistributions
import Testing

/// Dirichlet(α) at concentrations from 10⁻³⁰⁰ to 10²⁰⁰, against 50-digit
/// mpmath values (`Tools/multivariate_references.py`).
@Suite("Dirichlet at extreme concentrations")
struct DirichletExtremeTests {
    /// (α, Var xₖ): the closed form αₖ(α₀ − αₖ)/(α₀²(α₀ + 1)). It used to
    /// be NaN at 10⁻³⁰⁰ (0/0) and at 10²⁰⁰ (∞/∞), and 5e-8 off at
    /// [10⁻³, 10⁶] (α₀ − αₖ by subtraction). Tolerance 1e-14 relative:
    /// four roundings of a product and quotients, no cancellation.
    static let variances: [([Double], [Double])] = [
        ([1e-300, 1e-300, 1e-300], [0.22222222222222222, 0.22222222222222222, 0.22222222222222222]),
        ([1e-3, 1e-3, 1e-3], [0.22155754957350172, 0.22155754957350172, 0.22155754957350172]),
        ([1e200, 1e200, 1e200], [7.4074074074074076e-202, 7.4074074074074076e-202, 7.4074074074074076e-202]),
        ([1e8, 1e8, 1e8], [7.4074073827160495e-10, 7.4074073827160495e-10, 7.4074073827160495e-10]),
        ([1e-3, 1e6], [9.9999899700100403e-16, 9.9999899700100403e-16]),
    ]

    @Test(arguments: variances)
    func varianceMatchesTheClosedForm(_ row: ([Double], [Double])) throws {
        let (alpha, exact) = row
        let variance = try Dirichlet(concentration: alpha).variance.scalars
        for (value, reference) in zip(variance, exact) {
            #expect(abs(value - reference) <= 1e-14 * reference, "Dirichlet\(alpha): \(value), exact \(reference)")
        }
    }

    /// Draws lie strictly inside the simplex, in both precisions, so that
    /// their log-density is finite: at α = 10⁻³ most coordinates used to
    /// round to 0, where log p = +∞ (the binned marginal law is checked in
    /// ``ExtremeContinuousSamplerTests``).
    @Test(arguments: [[1e-3, 1e-3, 1e-3], [1e-300, 1e-300, 1e-300], [1e-3, 1e6], [1e8, 1e8, 1e8]])
    func drawsStayInsideTheSimplex(alpha: [Double]) throws {
        let dirichlet = try Dirichlet(concentration: alpha)
        var generator = Xoshiro256PlusPlus(seed: 22)
        let x = try dirichlet.sample([2_000], using: &generator)
        #expect(x.scalars.allSatisfy { $0 > 0 && $0 <= 1 })
        #expect(try Constraint<Double>.simplex.contains(x))
        let logP = try dirichlet.logProb(of: x).scalars
        #expect(logP.allSatisfy { $0.isFinite }, "Dirichlet\(alpha): \(logP.filter { !$0.isFinite }.count) non-finite log p")
        guard alpha.allSatisfy({ Float($0) > 0 }) else { return }
        let floats = try Dirichlet<Float>(concentration: alpha.map(Float.init)).sample([2_000], using: &generator)
        #expect(floats.scalars.allSatisfy { $0 > 0 && $0 <= 1 })
    }

    /// (α, x, log p). At α = 10⁸ the defining formula cancels terms of 10⁹
    /// (it gave 19.329334139823914 for the first row). Tolerance 1e-10
    /// relative, floor 1: the saddle-point terms are each of order 1 and
    /// rounded a few times (~1e-14), and δ and bd0 are good to 1e-15.
    static let logDensities: [([Double], [Double], Double)] = [
        ([1e8, 1e8, 1e8], [1.0 / 3, 1.0 / 3, 1.0 / 3], 19.329334380337727),
        ([1e8, 1e8, 1e8], [0.33332, 0.33334, 0.33334], 19.209332814772191),
        ([1e8, 2e8, 3e8], [1.0 / 6, 1.0 / 3, 0.5], 20.166322597956896),
        ([12.5, 40.0, 1e6], [0.25, 0.25, 0.5], -692616.54572962919),
        ([1e15, 1e15], [0.5, 0.5], 17.390170435090588),
    ]

    @Test(arguments: logDensities)
    func logDensityMatchesMpmath(_ row: ([Double], [Double], Double)) throws {
        let (alpha, x, exact) = row
        let value = try Dirichlet(concentration: alpha).logProb(of: Tensor(x)).scalarValue
        #expect(abs(value - exact) <= 1e-10 * max(1, abs(exact)), "Dirichlet\(alpha) at \(x): \(value), exact \(exact)")
    }

    /// (α, H), as ``logDensityMatchesMpmath(_:)`` with the same tolerance.
    static let entropies: [([Double], Double)] = [
        ([1e8, 1e8, 1e8], -18.32933440476885),
        ([1e8, 2e8, 3e8], -19.166322619888019),
        ([12.5, 40.0, 1e6], -21.721561166993652),
        ([10.0, 10.0, 10.0, 10.0], -4.139758081465188),
        ([1e15, 1e15], -16.890170435090588),
    ]

    @Test(arguments: entropies)
    func entropyMatchesMpmath(_ row: ([Double], Double)) throws {
        let (alpha, exact) = row
        let value = try Dirichlet(concentration: alpha).entropy().scalarValue
        #expect(abs(value - exact) <= 1e-10 * max(1, abs(exact)), "Dirichlet\(alpha): H = \(value), exact \(exact)")
    }

    /// The gradients of log p, H and KL in α (and β) where the saddle-point form gives
    /// the value, against central differences of that value with step
    /// h = 1e-4: their error is ~h²·f‴ + ε/h ≲ 1e-8 at these
    /// concentrations, so 1e-6 absolute. In x (which cannot leave the
    /// simplex for a difference), against the closed form (αₖ − 1)/xₖ.
    @Test func gradientsMatchCentralDifferences() throws {
        let alpha = [12.5, 40.0, 30.0], x = [0.2, 0.5, 0.3], h = 1e-4
        func logP(_ a: [Double], _ x: [Double]) throws -> Double {
            try Dirichlet(concentration: a).logProb(of: Tensor(x)).scalarValue
        }
        func entropy(_ a: [Double]) throws -> Double { try Dirichlet(concentration: a).entropy().scalarValue }
        func shifted(_ v: [Double], _ k: Int, by d: Double) -> [Double] { v.enumerated().map { $0 == k ? $1 + d : $1 } }
        let density = try valueWithGradient(at: [Tensor(alpha), Tensor(x)]) { p in
            try Dirichlet(concentration: p[0]).logProb(of: p[1])
        }.gradients
        let entropyGradient = try valueWithGradient(at: [Tensor(alpha)]) { p in try Dirichlet(concentration: p[0]).entropy() }.gradients[0]
        let beta = [20.0, 35.0, 30.0]
        func divergence(_ a: [Double], _ b: [Double]) throws -> Double {
            try klDivergence(Dirichlet(concentration: a), Dirichlet(concentration: b)).scalarValue
        }
        let klGradients = try valueWithGradient(at: [Tensor(alpha), Tensor(beta)]) { p in
            try klDivergence(Dirichlet(concentration: p[0]), Dirichlet(concentration: p[1]))
        }.gradients
        for k in alpha.indices {
            let inAlpha = (try logP(shifted(alpha, k, by: h), x) - logP(shifted(alpha, k, by: -h), x)) / (2 * h)
            let inX = (alpha[k] - 1) / x[k]
            let inEntropy = (try entropy(shifted(alpha, k, by: h)) - entropy(shifted(alpha, k, by: -h))) / (2 * h)
            #expect(abs(density[0].scalars[k] - inAlpha) <= 1e-6, "∂ log p/∂α\(k): \(density[0].scalars[k]), differences \(inAlpha)")
            #expect(abs(density[1].scalars[k] - inX) <= 1e-12 * inX, "∂ log p/∂x\(k): \(density[1].scalars[k]), exact \(inX)")
            #expect(abs(entropyGradient.scalars[k] - inEntropy) <= 1e-6, "∂H/∂α\(k): \(entropyGradient.scalars[k]), differences \(inEntropy)")
            let inP = (try divergence(shifted(alpha, k, by: h), beta) - divergence(shifted(alpha, k, by: -h), beta)) / (2 * h)
            let inQ = (try divergence(alpha, shifted(beta, k, by: h)) - divergence(alpha, shifted(beta, k, by: -h))) / (2 * h)
            #expect(abs(klGradients[0].scalars[k] - inP) <= 1e-6, "∂KL/∂α\(k): \(klGradients[0].scalars[k]), differences \(inP)")
            #expect(abs(klGradients[1].scalars[k] - inQ) <= 1e-6, "∂KL/∂β\(k): \(klGradients[1].scalars[k]), differences \(inQ)")
        }
    }

    /// (α, β, KL(Dir(α)‖Dir(β))). At α = 10⁸ the closed form cancels terms of
    /// 10⁹ and gave −4.9e-7 (clamped to 0) for the first row's 3.3e-9.
    /// Tolerance 1e-10 relative, floor 1, as for log p; the small ones are
    /// also held to 1e-6 of themselves (bd0 and the fused difference of
    /// products keep the digits of Σ(βₖ − mₖ)²/(2mₖ)).
    static let divergences: [([Double], [Double], Double)] = [
        ([1e8, 1e8, 1e8], [1e8 + 1, 1e8, 1e8], 3.3333333407407407e-9),
        ([1e8 + 1, 1e8, 1e8], [1e8, 1e8, 1e8], 3.3333333259259259e-9),
        ([1e8, 2e8, 3e8], [3e8, 2e8, 1e8], 219722458.40028861),
        ([12.5, 40.0, 1e6], [20.0, 40.0, 5e5], 17.30427802020676),
        ([1e15, 1e15], [1e15 + 2, 1e15], 9.9999999999999975e-16),
    ]

    @Test(arguments: divergences)
    func klMatchesMpmath(_ row: ([Double], [Double], Double)) throws {
        let (alpha, beta, exact) = row
        let value = try klDivergence(Dirichlet(concentration: alpha), Dirichlet(concentration: beta)).scalarValue
        #expect(abs(value - exact) <= 1e-10 * max(1, abs(exact)), "KL(Dir\(alpha)‖Dir\(beta)) = \(value), exact \(exact)")
        if exact < 1e-6 {
            #expect(abs(value - exact) <= 1e-6 * exact, "KL(Dir\(alpha)‖Dir\(beta)) = \(value), exact \(exact)")
        }
    }
}
