import LatentCore

/// The quadratic f(x) = ½xᵀAx − bᵀx, minimised at x* = A⁻¹b, where
/// A = Q diag(λ) Qᵀ with λ log-spaced over [1, `condition`] and Q an
/// orthonormal basis from Gram–Schmidt on a seeded Gaussian matrix;
/// A⁻¹ = Q diag(1/λ) Qᵀ is the closed-form reference.
struct Quadratic {
    let matrix: [[Double]]
    let inverse: [[Double]]
    let minimizer: [Double]
    /// λ, the eigenvalues of A.
    let eigenvalues: [Double]

    init(dimension d: Int, condition: Double, seed: UInt64) {
        var generator = Xoshiro256PlusPlus(seed: seed)
        var basis: [[Double]] = []
        while basis.count < d {
            var v = (0..<d).map { _ in Double.randomNormal(using: &generator) }
            for q in basis {
                let projection = zip(v, q).reduce(0) { $0 + $1.0 * $1.1 }
                v = zip(v, q).map { $0 - projection * $1 }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            basis.append(v.map { $0 / norm })
        }
        let eigenvalues = (0..<d).map { Double.pow(condition, Double($0) / Double(d - 1)) }
        func product(_ diagonal: [Double]) -> [[Double]] {
            (0..<d).map { i in (0..<d).map { j in (0..<d).reduce(0) { $0 + basis[$1][i] * diagonal[$1] * basis[$1][j] } } }
        }
        matrix = product(eigenvalues)
        inverse = product(eigenvalues.map { 1 / $0 })
        self.eigenvalues = eigenvalues
        minimizer = (0..<d).map { Double.sin(Double($0) + 1) }
    }

    func times(_ v: [Double]) -> [Double] { matrix.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } } }

    /// f(x) = ½xᵀAx − bᵀx with b = Ax*, written as ½(x − x*)ᵀA(x − x*) −
    /// ½x*ᵀAx* and returned without the constant: the same minimiser and
    /// gradient Ax − b, with no cancellation near x*, so that the line
    /// search sees decreases far below the rounding of ½x*ᵀAx*.
    func evaluate(_ x: [Double]) -> (value: Double, gradient: [Double]) {
        let offset = zip(x, minimizer).map { $0 - $1 }
        let gradient = times(offset)
        return (0.5 * zip(offset, gradient).reduce(0) { $0 + $1.0 * $1.1 }, gradient)
    }
}
