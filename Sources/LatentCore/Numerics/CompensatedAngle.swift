/// An angle held as an unevaluated sum hi + lo of two doubles (about 32
/// significant digits), so that its distance to ±π is known to full
/// relative precision even where that distance is below an ulp of π:
/// the von Mises distribution function at x = −π (as a double, 1.2e-16
/// above −π) is the mass of an arc that short.
struct CompensatedAngle {
    let hi: Double
    let lo: Double

    /// hi + lo renormalised (Knuth's two-sum), so that |lo| ≤ ulp(hi)/2.
    init(_ hi: Double, _ lo: Double = 0) {
        let sum = hi + lo
        let rounded = sum - hi
        self.hi = sum
        self.lo = (hi - (sum - rounded)) + (lo - rounded)
    }

    /// π to 32 digits.
    static let pi = CompensatedAngle(Double.pi, 1.2246467991473532e-16)
    static let twoPi = CompensatedAngle(2 * Double.pi, 2.4492935982947064e-16)

    var value: Double { hi + lo }

    static func + (a: CompensatedAngle, b: CompensatedAngle) -> CompensatedAngle {
        let head = CompensatedAngle(a.hi, b.hi)
        return CompensatedAngle(head.hi, head.lo + a.lo + b.lo)
    }

    static prefix func - (a: CompensatedAngle) -> CompensatedAngle { CompensatedAngle(-a.hi, -a.lo) }

    static func - (a: CompensatedAngle, b: CompensatedAngle) -> CompensatedAngle { a + (-b) }

    /// The angle reduced into [−π, π): whole turns 2πk are removed with the
    /// product k·2π formed exactly (a fused multiply-add gives its rounding
    /// error), which keeps the result exact to about 1e-30 while k < 2⁵⁰.
    /// Beyond that one turn is below an ulp of the angle and only the double
    /// remainder is meaningful.
    var wrapped: CompensatedAngle {
        let turns = (value / (2 * Double.pi)).rounded()
        var reduced = self
        if turns != 0 {
            let product = turns * Self.twoPi.hi
            let productError = (-product).addingProduct(turns, Self.twoPi.hi)
            reduced = reduced - CompensatedAngle(product, productError + turns * Self.twoPi.lo)
        }
        if (reduced + Self.pi).value < 0 {
            reduced = reduced + Self.twoPi
        } else if (reduced - Self.pi).value >= 0 {
            reduced = reduced - Self.twoPi
        }
        guard reduced.value >= -Double.pi, reduced.value <= Double.pi else {
            return CompensatedAngle(value.remainder(dividingBy: 2 * Double.pi))
        }
        return reduced
    }
}
