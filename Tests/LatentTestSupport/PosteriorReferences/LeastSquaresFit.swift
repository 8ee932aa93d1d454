import Foundation

/// The least-squares fit of y on the columns of X: what a linear
/// regression with a flat prior on β keeps of the data. Given σ,
/// β | σ, y ~ N(β̂, σ²(XᵀX)⁻¹), and integrating β out leaves
/// p(y | σ) ∝ σ^−(n−p) exp(−RSS / 2σ²).
struct LeastSquaresFit {
    /// β̂ = (XᵀX)⁻¹ Xᵀy.
    let coefficients: [Double]
    /// (XᵀX)⁻¹.
    let inverseGram: [[Double]]
    /// RSS = |y − Xβ̂|².
    let residualSumOfSquares: Double
    /// n − p, the residual degrees of freedom.
    let degreesOfFreedom: Int

    /// Fits by the normal equations; on the posteriordb designs κ(XᵀX) is
    /// at most 5·10⁵ (kidiq's uncentred mom_iq), so β̂ keeps about ten
    /// significant digits.
    init(design rows: [[Double]], response y: [Double]) throws {
        let factor = try CholeskyFactor(gram(rows), name: "XᵀX")
        let coefficients = factor.solve(transposedProduct(rows, y))
        self.coefficients = coefficients
        inverseGram = factor.inverse
        residualSumOfSquares = zip(rows, y).reduce(0) { sum, row in
            let residual = row.1 - dot(row.0, coefficients)
            return sum + residual * residual
        }
        degreesOfFreedom = rows.count - coefficients.count
    }

    /// log p(y | σ) up to a constant: −(n − p) log σ − RSS / 2σ².
    func logMarginalLikelihood(sigma: Double) -> Double {
        -Double(degreesOfFreedom) * log(sigma) - residualSumOfSquares / (2 * sigma * sigma)
    }
}
