import CGSL
import LatentCore
import LatentTestSupport
import Testing

/// ∂P(a, x)/∂a = ∫₀ˣ t^(a−1) e^(−t) (log t − ψ(a)) dt / Γ(a), integrated
/// by GSL's adaptive QAGS (which handles the integrable singularity at 0):
/// a reference independent of the finite differences under test.
private func integratedShapeDerivative(_ a: Double, _ x: Double) -> Double {
    final class Box { let a: Double; let psi: Double; init(_ a: Double) { self.a = a; psi = SpecialFunctions.digamma(a) } }
    let box = Box(a)
    var function = gsl_function(
        function: { t, parameters in
            let box = Unmanaged<Box>.fromOpaque(parameters!).takeUnretainedValue()
            guard t > 0 else { return 0 }
            return Double.exp((box.a - 1) * Double.log(t) - t - SpecialFunctions.logGamma(box.a)) * (Double.log(t) - box.psi)
        },
        params: Unmanaged.passUnretained(box).toOpaque())
    let workspace = gsl_integration_workspace_alloc(1000)!
    defer { gsl_integration_workspace_free(workspace) }
    var result = 0.0, error = 0.0
    _ = gsl_integration_qags(&function, 0, x, 1e-13, 1e-11, 1000, workspace, &result, &error)
    return withExtendedLifetime(box) { result }
}

@Suite("Incomplete gamma: inverse and shape derivative")
struct IncompleteGammaTests {
    @Test(arguments: [(0.5, 0.3), (1.0, 2.0), (3.0, 1.0), (3.0, 9.0), (20.0, 18.0), (0.05, 1e-6)])
    func shapeDerivativeMatchesIntegration(a: Double, x: Double) throws {
        let ours = try SpecialFunctions.regularizedGammaPShapeDerivative(a, x)
        let reference = integratedShapeDerivative(a, x)
        // Finite differences: ~1e-10 relative; the quadrature asks for 1e-11.
        #expect(isRelativelyClose(ours, reference, tolerance: 1e-7), "a = \(a), x = \(x): \(ours) vs \(reference)")
    }

    @Test func inverseInvertsPInBothTails() throws {
        for a in [0.1, 1, 4.5, 100] {
            for p in [1e-12, 0.01, 0.5, 0.99, 1 - 1e-12] {
                let x = try SpecialFunctions.inverseRegularizedGammaP(a, p)
                let back = p > 0.5 ? 1 - (try SpecialFunctions.regularizedGammaQ(a, x)) : try SpecialFunctions.regularizedGammaP(a, x)
                #expect(isClose(back, p, tolerance: 1e-10), "a = \(a), p = \(p)")
            }
        }
        #expect(throws: SpecialFunctionError.self) { try SpecialFunctions.inverseRegularizedGammaP(1, 1.5) }
    }

    /// dz/da against the finite difference of GSL's quantile function at a
    /// fixed u: z(a) = F⁻¹(u; a), a second independent route.
    @Test(arguments: [0.01, 0.3, 1.0, 7.0, 1_000.0])
    func sampleDerivativeMatchesTheQuantileFunction(a: Double) throws {
        for u in [0.05, 0.3, 0.7, 0.95] {
            let z = try SpecialFunctions.inverseRegularizedGammaP(a, u)
            let h = 1e-5 * a
            let quantileSlope = (try SpecialFunctions.inverseRegularizedGammaP(a + h, u)
                - SpecialFunctions.inverseRegularizedGammaP(a - h, u)) / (2 * h)
            let ours = try SpecialFunctions.gammaSampleShapeDerivative(a, at: z)
            #expect(isRelativelyClose(ours, quantileSlope, tolerance: 1e-5), "a = \(a), u = \(u): \(ours) vs \(quantileSlope)")
        }
    }
}
