/// The von Mises distribution function on [−π, π] and its inverse, for a
/// mean direction μ (any finite real; only its angle matters) and a
/// concentration κ ≥ 0.
///
/// F(x) = ∫ from −π to x of e^(κ cos(t − μ))/(2π I₀(κ)) dt: the circle is cut
/// at −π whatever μ is, so F(−π) = 0 and F(π) = 1, F is 0 below −π and 1
/// above π. Each value keeps its relative precision in both tails, for κ
/// from 0 to the largest finite double (``VonMisesArcs``); at κ = 10¹⁰ it is
/// the normal distribution function with variance 1/κ to within O(1/κ).
extension SpecialFunctions {
    /// F(x) and ∂F/∂κ. NaN for a NaN x.
    ///
    /// - Throws: ``SpecialFunctionError/domain(function:arguments:)`` for a
    ///   negative, infinite or NaN κ or a non-finite μ.
    public static func vonMisesCDF(
        _ x: Double, loc: Double, concentration: Double
    ) throws(SpecialFunctionError) -> (value: Double, concentrationSlope: Double) {
        try checkVonMises("vonMisesCDF", x, loc, concentration)
        if x.isNaN { return (.nan, .nan) }
        if x < -Double.pi { return (0, 0) }
        if x > Double.pi { return (1, 0) }
        return try massBelow(x, VonMisesArcs(concentration: concentration), centre: CompensatedAngle(loc).wrapped)
    }

    /// 1 − F(x), the mass above x, to its own relative precision, and its
    /// derivative in κ. NaN for a NaN x.
    public static func vonMisesSurvival(
        _ x: Double, loc: Double, concentration: Double
    ) throws(SpecialFunctionError) -> (value: Double, concentrationSlope: Double) {
        try checkVonMises("vonMisesSurvival", x, loc, concentration)
        if x.isNaN { return (.nan, .nan) }
        if x < -Double.pi { return (1, 0) }
        if x > Double.pi { return (0, 0) }
        return try massAbove(x, VonMisesArcs(concentration: concentration), centre: CompensatedAngle(loc).wrapped)
    }

    /// The density e^(κ(cos(x − μ) − 1))/(2π e^(−κ) I₀(κ)) on [−π, π], 0 outside.
    public static func vonMisesDensity(_ x: Double, loc: Double, concentration: Double) throws(SpecialFunctionError) -> Double {
        try checkVonMises("vonMisesDensity", x, loc, concentration)
        if x.isNaN { return .nan }
        guard x >= -Double.pi, x <= Double.pi else { return 0 }
        return try VonMisesArcs(concentration: concentration).density(at: (CompensatedAngle(x) - CompensatedAngle(loc).wrapped).wrapped.value)
    }

    /// x in [−π, π] with F(x) = p, for 0 ≤ p ≤ 1 (−π at 0, π at 1).
    ///
    /// Newton steps on the logarithm of the nearer tail (F below the median,
    /// 1 − F above), with the density as derivative, kept inside a bracket
    /// that every evaluation narrows; a step that would leave it is replaced
    /// by bisection, and at most 100 evaluations are made (bisection alone
    /// reaches an ulp of π in 55). The start is the normal approximation
    /// μ + 2 asin(z/(2√κ)), z = Φ⁻¹(p), for κ ≥ 4, and uniform below. Where
    /// the root lies below the double next to −π (κ = 1, p = 1e-20) that
    /// double is returned.
    public static func vonMisesQuantile(_ p: Double, loc: Double, concentration: Double) throws(SpecialFunctionError) -> Double {
        guard p >= 0, p <= 1 else { throw .domain(function: "vonMisesQuantile", arguments: [p, loc, concentration]) }
        try checkVonMises("vonMisesQuantile", 0, loc, concentration)
        if p == 0 { return -Double.pi }
        if p == 1 { return Double.pi }
        // Centred at 0 the density is even, so the median is 0 exactly;
        // Newton would stop within the rounding of F there (≈ 1e-16 rad).
        if p == 0.5, loc == 0 { return 0 }
        let isLower = p <= 0.5
        let target = isLower ? p : 1 - p
        let logTarget = Double.log(target)
        // One set of Bessel values and one wrapped centre for every evaluation below.
        let arcs = try VonMisesArcs(concentration: concentration)
        let centre = CompensatedAngle(loc).wrapped
        var low = -Double.pi, high = Double.pi
        var x: Double
        if concentration < 4 {
            x = isLower ? -Double.pi + 2 * Double.pi * target : Double.pi - 2 * Double.pi * target
        } else {
            let z = try normalQuantile(target)
            let offset = 2 * Double.asin(Swift.min(1, Swift.max(-1, z / (2 * concentration.squareRoot()))))
            x = centre.value + (isLower ? offset : -offset)
            x = Swift.min(high, Swift.max(low, x))
        }
        for _ in 0..<100 {
            let tail = isLower ? massBelow(x, arcs, centre: centre).value : massAbove(x, arcs, centre: centre).value
            if tail == target { return x }
            if (tail < target) == isLower { low = x } else { high = x }
            let density = arcs.density(at: (CompensatedAngle(x) - centre).wrapped.value)
            var next = Double.nan
            if tail > 0, density > 0 {
                // d log F/dx = f/F and d log(1 − F)/dx = −f/(1 − F).
                let step = (logTarget - Double.log(tail)) * tail / density
                next = isLower ? x + step : x - step
                // Converged: the step is below the rounding of x and of the
                // tail's value (relative ε in F moves x by εF/f).
                if Swift.abs(next - x) <= 4 * Double.ulpOfOne * (Swift.abs(x) + target / density) {
                    return Swift.min(Double.pi, Swift.max(-Double.pi, next))
                }
            }
            if !(next > low && next < high) { next = low + (high - low) / 2 }
            if next == x { return x }
            x = next
        }
        return x
    }

    /// F(x) for x in [−π, π]: the arc from the cut at −π (centred) to x.
    private static func massBelow(
        _ x: Double, _ arcs: VonMisesArcs, centre: CompensatedAngle
    ) -> (value: Double, concentrationSlope: Double) {
        arcs.mass(from: (-CompensatedAngle.pi - centre).wrapped, length: CompensatedAngle(x) + .pi)
    }

    /// 1 − F(x) for x in [−π, π]: the arc from x (centred) to the cut at π.
    private static func massAbove(
        _ x: Double, _ arcs: VonMisesArcs, centre: CompensatedAngle
    ) -> (value: Double, concentrationSlope: Double) {
        arcs.mass(from: (CompensatedAngle(x) - centre).wrapped, length: .pi - CompensatedAngle(x))
    }

    private static func checkVonMises(
        _ function: String, _ x: Double, _ loc: Double, _ concentration: Double
    ) throws(SpecialFunctionError) {
        guard loc.isFinite, concentration >= 0, concentration.isFinite else {
            throw .domain(function: function, arguments: [x, loc, concentration])
        }
    }
}
