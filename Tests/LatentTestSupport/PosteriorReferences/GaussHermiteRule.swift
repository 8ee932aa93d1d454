import Foundation

/// The n-point Gauss–Hermite rule for the weight e^(−x²/2) (probabilists'
/// Hermite polynomials): ∫ f(x) e^(−x²/2) dx ≈ Σᵢ wᵢ f(xᵢ), exact for
/// polynomials f of degree ≤ 2n − 1.
///
/// By Golub and Welsch: the nodes are the eigenvalues of the Jacobi matrix
/// of the recurrence x Heₖ = Heₖ₊₁ + k Heₖ₋₁ (zero diagonal, √k off it),
/// and wᵢ = √(2π) vᵢ₁², with vᵢ₁ the first entry of the i-th unit
/// eigenvector (√(2π) being the weight's total mass). The eigenproblem is
/// solved by GSL (``gslSymmetricEigen(_:)``).
public struct GaussHermiteRule: Sendable {
    /// xᵢ, ascending.
    public let nodes: [Double]
    /// wᵢ.
    public let weights: [Double]

    /// The rule of `n` nodes.
    public init(order n: Int) {
        let jacobi = (0..<n).map { i in
            (0..<n).map { j in abs(i - j) == 1 ? Double(max(i, j)).squareRoot() : 0 }
        }
        let (values, vectors) = gslSymmetricEigen(jacobi)
        nodes = values.reversed()
        weights = vectors.reversed().map { (2 * Double.pi).squareRoot() * $0[0] * $0[0] }
    }
}
