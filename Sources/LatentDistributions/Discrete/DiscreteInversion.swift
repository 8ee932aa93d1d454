/// Exact sampling of a unimodal integer distribution by inversion, searching
/// outward from the mode (Devroye 1986, §III.2): with F(m) and p(m) known at
/// the mode m, one uniform u is matched by walking down while u ≤ F(k − 1),
/// or up while u > F(k), updating p(k) by the ratio of neighbouring masses.
/// The expected number of steps is of the order of the standard deviation,
/// whatever the mean, and no mass at the far ends (which may underflow) is
/// ever needed.
struct DiscreteInversion {
    /// The mode m.
    let mode: Int
    /// F(m) = P(X ≤ m).
    let cdfAtMode: Double
    /// p(m).
    let massAtMode: Double
    /// p(k)/p(k − 1) for k > lower bound.
    let ratioUp: (Int) -> Double
    /// The smallest and largest possible values.
    let lower: Int
    let upper: Int

    func draw(_ u: Double) -> Int {
        var k = mode
        var mass = massAtMode
        var cumulative = cdfAtMode
        if u <= cumulative {
            // Down: F(k − 1) = F(k) − p(k); stop at the first k with F(k − 1) < u.
            while k > lower && u <= cumulative - mass {
                cumulative -= mass
                mass /= ratioUp(k)
                k -= 1
                if mass == 0 { break }
            }
        } else {
            while k < upper && u > cumulative {
                k += 1
                mass *= ratioUp(k)
                cumulative += mass
                if mass == 0 { break }
            }
        }
        return k
    }
}
