internal import CGSL

/// The mass of arcs of the circle under the centred von Mises density
/// f(θ) = e^(κ cos θ)/(2π I₀(κ)), each to full relative precision, with
/// its derivative in κ.
///
/// An arc is cut at the mode (θ = 0) and the antimode (θ = ±π) into at most
/// three pieces, each on one side of the mode; by symmetry a piece is the
/// set of angles whose distance from the mode runs from m₁ to m₂ ≤ π. With
/// φ = θ/2, cos θ = 1 − 2 sin²φ, so its mass is
///
///     e^(−2κ sin²φ₁)/(π e^(−κ) I₀(κ)) · ∫ from φ₁ to φ₂ of e^(−2κ q(φ)) dφ,
///     q(φ) = sin²φ − sin²φ₁ = sin(φ − φ₁) sin(φ + φ₁) ≥ 0,
///
/// an integrand that falls from 1, so the piece keeps its relative
/// precision in the far tails (3e-102 at κ = 500, one radian from the mode)
/// where Hill's series (ACM 518) keeps only an absolute one. The integral
/// is summed by 16-point Gauss–Legendre panels, each spanning a rise of
/// E = 2κq by at most 4 (up to 6 for the last) and at most ½ radian:
/// e^(−E) then varies by at most e⁶ across a panel, where the 16-point rule
/// is exact to below 1e-16 relative (checked against 40-digit quadrature
/// for κ from 10⁻⁸ to 10¹⁰). Panels stop once the rest of the piece,
/// at most e^(−E)·(its width), is below 1e-17 of the sum; since e^(−E)
/// underflows at E ≈ 745, at most about 200 panels are ever summed.
struct VonMisesArcs {
    let concentration: Double
    /// −log(π e^(−κ) I₀(κ)).
    let logScale: Double
    /// I₁(κ)/I₀(κ), the mean of cos θ.
    let meanCosine: Double

    init(concentration kappa: Double) throws(SpecialFunctionError) {
        concentration = kappa
        let i0 = try GSLRuntime.evaluate("vonMisesCDF", [kappa]) { gsl_sf_bessel_I0_scaled_e(kappa, $0) }
        let i1 = try GSLRuntime.evaluate("vonMisesCDF", [kappa]) { gsl_sf_bessel_I1_scaled_e(kappa, $0) }
        logScale = -Double.log(Double.pi * i0)
        meanCosine = i1 / i0
    }

    /// The density f(θ) = e^(−2κ sin²(θ/2))/(2π e^(−κ) I₀(κ)) at a centred angle.
    func density(at theta: Double) -> Double {
        let half = Double.sin(theta / 2)
        return 0.5 * Double.exp(-2 * concentration * half * half + logScale)
    }

    /// The mass of the arc that starts at the centred angle `start` (in
    /// [−π, π)) and runs counterclockwise for `length` (in [0, 2π]), and its
    /// derivative in κ.
    func mass(from start: CompensatedAngle, length: CompensatedAngle) -> (value: Double, concentrationSlope: Double) {
        var position = start, remaining = length
        var value = 0.0, slope = 0.0
        // An arc of at most one turn crosses the mode and the antimode at most once each.
        for _ in 0..<3 where remaining.value > 0 {
            let piece: (value: Double, concentrationSlope: Double)
            let step: CompensatedAngle
            if position.value < 0 {
                let toMode = -position
                step = (remaining - toMode).value < 0 ? remaining : toMode
                piece = halfArcMass(near: toMode - step, far: toMode)
                position = (step - toMode).value < 0 ? position + step : CompensatedAngle(0)
            } else {
                let toAntimode = CompensatedAngle.pi - position
                step = (remaining - toAntimode).value < 0 ? remaining : toAntimode
                piece = halfArcMass(near: position, far: position + step)
                position = (step - toAntimode).value < 0 ? position + step : -CompensatedAngle.pi
            }
            remaining = remaining - step
            value += piece.value
            slope += piece.concentrationSlope
        }
        return (value, slope)
    }

    /// The mass of the angles whose distance from the mode runs from `near`
    /// to `far` (0 ≤ near ≤ far ≤ π), on one side of the mode, and its
    /// derivative in κ: ∫ (cos θ − I₁/I₀) f(θ) dθ, with cos θ = cos m₁ − 2q.
    private func halfArcMass(near: CompensatedAngle, far: CompensatedAngle) -> (value: Double, concentrationSlope: Double) {
        let length = (far - near).value
        guard length > 0 else { return (0, 0) }
        let kappa = concentration
        let m1 = near.value, m2 = far.value
        // Distances to the antimode, exact where the arc ends next to it.
        let a1 = (CompensatedAngle.pi - near).value, a2 = (CompensatedAngle.pi - far).value
        let halfLength = length / 2
        let sinStart = Double.sin(m1 / 2), cosEnd = Double.sin(a2 / 2)
        // q at φ₁ + δ: sin δ · sin(m₁ + δ), the second factor taken from the
        // antimode side past π/2 so that it keeps its digits near π.
        func rise(_ delta: Double) -> Double {
            let second = m1 + delta <= Double.pi / 2 ? Double.sin(m1 + delta) : Double.sin(a1 - delta)
            return Double.sin(delta) * second
        }
        let sumHalf = m1 + m2 <= Double.pi ? (m1 + m2) / 2 : (a1 + a2) / 2
        let riseAtEnd = Double.sin(halfLength) * Double.sin(sumHalf)
        let riseStep = kappa > 0 ? Self.panelRise / (2 * kappa) : .infinity
        var delta = 0.0, integral = 0.0, weightedRise = 0.0
        for _ in 0..<Self.panelLimit {
            let q0 = rise(delta)
            let y0 = (sinStart * sinStart + q0).squareRoot()
            let c0 = Double.sin(Swift.max(0, a1 / 2 - delta))
            var width = halfLength - delta
            let q1 = q0 + riseStep
            if q1 < riseAtEnd - riseStep / 2 {
                // sin(φ′ − φ) = (sin²φ′ − sin²φ)/(sin φ′ cos φ + cos φ′ sin φ).
                let y1 = (sinStart * sinStart + q1).squareRoot()
                let c1 = (cosEnd * cosEnd + (riseAtEnd - q1)).squareRoot()
                width = Swift.min(width, Double.asin(Swift.min(1, riseStep / (y1 * c0 + y0 * c1))))
            }
            width = Swift.min(width, Self.panelWidth)
            let isLast = width >= halfLength - delta
            for (node, weight) in Self.gaussLegendre {
                let lowerRise = rise(delta + width * (1 - node) / 2), upperRise = rise(delta + width * (1 + node) / 2)
                let lowerTerm = weight * width / 2 * Double.exp(-2 * kappa * lowerRise)
                let upperTerm = weight * width / 2 * Double.exp(-2 * kappa * upperRise)
                integral += lowerTerm + upperTerm
                weightedRise += lowerTerm * lowerRise + upperTerm * upperRise
            }
            delta += width
            if isLast || Double.exp(-2 * kappa * rise(delta)) * (halfLength - delta) <= 1e-17 * integral { break }
        }
        let logFactor = -2 * kappa * sinStart * sinStart + logScale
        let value = integral > 0 ? Double.exp(logFactor + Double.log(integral)) : 0
        let riseMass = weightedRise > 0 ? Double.exp(logFactor + Double.log(weightedRise)) : 0
        let cosineOffset = (1 - meanCosine) - 2 * sinStart * sinStart
        return (value, cosineOffset * value - 2 * riseMass)
    }

    /// The rise of E = 2κq across one panel, and the widest panel in φ.
    private static let panelRise = 4.0
    private static let panelWidth = 0.5
    /// Above the ~200 panels that can be summed before e^(−E) underflows.
    private static let panelLimit = 512

    /// Nodes (the positive half; the rule is symmetric) and weights of the
    /// 16-point Gauss–Legendre rule on [−1, 1].
    private static let gaussLegendre: [(Double, Double)] = [
        (0.09501250983763744, 0.18945061045506864), (0.2816035507792589, 0.18260341504492364),
        (0.45801677765722737, 0.16915651939500265), (0.6178762444026438, 0.1495959888165767),
        (0.755404408355003, 0.12462897125553407), (0.8656312023878318, 0.0951585116824926),
        (0.9445750230732326, 0.062253523938647456), (0.9894009349916499, 0.027152459411754176),
    ]
}
