import CGSL
import Foundation

/// The posterior of a positive scalar s (a scale such as σ or τ) given by
/// its unnormalised log density ℓ(s), and the posterior moments of
/// quantities whose mean and variance given s are known in closed form:
/// E q = ∫ E[q | s] p(s | y) ds and, by the law of total variance,
/// Var q = ∫ (Var[q | s] + (E[q | s] − E q)²) p(s | y) ds.
///
/// Each integral is taken over x = log s, centred at the mode x* of
/// g(x) = ℓ(eˣ) + x and scaled by w = (−g″(x*))^−½, as x = x* + w·u, by
/// GSL's adaptive Gauss–Kronrod rules on (−∞, 0] and [0, ∞) (QAGIL, QAGIU).
/// In u the integrand peaks at 0 with width about 1 whatever the data, and
/// exp(g − g(x*)) neither overflows nor underflows where the mass is. The
/// variance is integrated about the mean, not as E q² − (E q)², because
/// for sblri's β the sd is 10⁻³ of the mean and the difference would lose
/// six digits.
struct PositiveScalarPosterior {
    /// What s is called, for error messages.
    let name: String
    private let logDensity: (Double) throws -> Double
    private let mode: Double
    private let width: Double
    private let peak: Double

    /// Relative tolerance asked of every integral.
    static let tolerance = 1e-11

    /// Locates the mode of g over x ∈ [−25, 25] (s from 10⁻¹¹ to 10¹¹) on
    /// a grid of step 0.05, then by golden-section search within a step.
    init(name: String, logDensity: @escaping (Double) throws -> Double) throws {
        self.name = name
        self.logDensity = logDensity
        let g = { (x: Double) in try logDensity(exp(x)) + x }
        let grid = try stride(from: -25.0, through: 25.0, by: 0.05).map { (x: $0, g: try g($0)) }
        let start = grid.max { $0.g < $1.g }!.x
        var (low, high) = (start - 0.05, start + 0.05)
        let ratio = (5.0.squareRoot() - 1) / 2
        while high - low > 1e-9 {
            let (left, right) = (high - ratio * (high - low), low + ratio * (high - low))
            if try g(left) < g(right) { low = left } else { high = right }
        }
        mode = (low + high) / 2
        peak = try g(mode)
        let step = 1e-3
        let curvature = try (g(mode + step) - 2 * peak + g(mode - step)) / (step * step)
        width = curvature < 0 ? min(10, 1 / (-curvature).squareRoot()) : 1
    }

    /// The posterior mean and sd of each named quantity, from its mean and
    /// variance given s (in the order of `names`), and an estimate of their
    /// numerical error in units of each quantity's posterior sd.
    func moments(
        of names: [String], given conditional: @escaping (Double) throws -> (mean: [Double], variance: [Double])
    ) throws -> (means: [Double], sds: [Double], error: Double) {
        let mass = try integrate("the normaliser of p(\(name) | y)", absoluteTolerance: 0) { _ in 1 }
        let atMode = try conditional(exp(mode))
        var means: [Double] = [], sds: [Double] = [], error = 0.0
        for (k, quantity) in names.enumerated() {
            let scale = atMode.variance[k].squareRoot() + abs(atMode.mean[k])
            let mean = try integrate("E[\(quantity) | y]", absoluteTolerance: Self.tolerance * scale * mass.value) { s in
                try conditional(s).mean[k]
            }
            let centre = mean.value / mass.value
            let spread = try integrate("Var[\(quantity) | y]", absoluteTolerance: 0) { s in
                let given = try conditional(s)
                return given.variance[k] + (given.mean[k] - centre) * (given.mean[k] - centre)
            }
            let sd = (spread.value / mass.value).squareRoot()
            means.append(centre)
            sds.append(sd)
            let meanError = (mean.error + abs(centre) * mass.error) / mass.value
            let sdError = (spread.error / spread.value + mass.error / mass.value) / 2 * sd
            error = max(error, (meanError + sdError) / sd)
        }
        return (means, sds, error)
    }

    /// ∫ f(s) exp(g(x) − g(x*)) dx over x = log s, with GSL's error estimate.
    private func integrate(
        _ what: String, absoluteTolerance: Double, _ f: @escaping (Double) throws -> Double
    ) throws -> (value: Double, error: Double) {
        let integrand = { [logDensity, mode, width, peak] (u: Double) throws -> Double in
            let x = mode + width * u
            let weight = exp(try logDensity(exp(x)) + x - peak)
            return weight == 0 ? 0 : weight * (try f(exp(x)))
        }
        let below = try gslInfiniteIntegral(integrand, upward: false, what, absoluteTolerance / 2)
        let above = try gslInfiniteIntegral(integrand, upward: true, what, absoluteTolerance / 2)
        return (below.value + above.value, below.error + above.error)
    }
}

/// ∫₀^∞ f (upward) or ∫₋∞^0 f by GSL's QAGIU or QAGIL, to relative
/// tolerance ``PositiveScalarPosterior/tolerance``. GSL reports a status
/// other than success when rounding keeps it from the tolerance; the
/// result is kept when its own error estimate is still within 10⁻⁸. An
/// error thrown by `f` stops the integrand's use (it returns NaN to GSL
/// from then on) and is rethrown.
func gslInfiniteIntegral(
    _ f: @escaping (Double) throws -> Double, upward: Bool, _ what: String, _ absoluteTolerance: Double
) throws -> (value: Double, error: Double) {
    final class Box {
        let f: (Double) throws -> Double
        var thrown: (any Error)?
        init(_ f: @escaping (Double) throws -> Double) { self.f = f }

        func evaluate(_ x: Double) -> Double {
            guard thrown == nil else { return .nan }
            do { return try f(x) } catch { thrown = error; return .nan }
        }
    }
    latent_gsl_disable_abort()
    let box = Box(f)
    var function = gsl_function(
        function: { x, parameters in Unmanaged<Box>.fromOpaque(parameters!).takeUnretainedValue().evaluate(x) },
        params: Unmanaged.passUnretained(box).toOpaque())
    let limit = 2000
    let workspace = gsl_integration_workspace_alloc(limit)!
    defer { gsl_integration_workspace_free(workspace) }
    var value = 0.0, error = 0.0
    let tolerance = PositiveScalarPosterior.tolerance
    let status = withExtendedLifetime(box) {
        upward
            ? gsl_integration_qagiu(&function, 0, absoluteTolerance, tolerance, limit, workspace, &value, &error)
            : gsl_integration_qagil(&function, 0, absoluteTolerance, tolerance, limit, workspace, &value, &error)
    }
    if let thrown = box.thrown { throw thrown }
    guard value.isFinite, status == GSL_SUCCESS || error <= 1e-8 * abs(value) + absoluteTolerance else {
        throw PosteriorReferenceError.quadratureFailed(integral: what, reason: String(cString: gsl_strerror(status)))
    }
    return (value, error)
}
