import Foundation

/// The Cholesky factor L of a small symmetric positive-definite matrix
/// A = L Lᵀ, for the solves, inverses and determinants of the reference
/// posteriors (matrices of order ≤ 8, where a plain loop is exact enough:
/// the relative error of a solve is about u·κ(A)).
struct CholeskyFactor {
    /// L, lower triangular, as rows.
    let lower: [[Double]]

    /// Factors `matrix`; throws, naming it, when a pivot is not positive.
    init(_ matrix: [[Double]], name: String) throws {
        let n = matrix.count
        var lower = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var pivot = matrix[j][j]
            for k in 0..<j { pivot -= lower[j][k] * lower[j][k] }
            guard pivot > 0, pivot.isFinite else { throw PosteriorReferenceError.notPositiveDefinite(matrix: name) }
            lower[j][j] = pivot.squareRoot()
            for i in (j + 1)..<n {
                var entry = matrix[i][j]
                for k in 0..<j { entry -= lower[i][k] * lower[j][k] }
                lower[i][j] = entry / lower[j][j]
            }
        }
        self.lower = lower
    }

    /// log det A = 2 Σ log Lᵢᵢ.
    var logDeterminant: Double {
        lower.indices.reduce(0) { $0 + 2 * log(lower[$1][$1]) }
    }

    /// A⁻¹ b, by forward then back substitution.
    func solve(_ b: [Double]) -> [Double] {
        let n = b.count
        var x = b
        for i in 0..<n {
            for k in 0..<i { x[i] -= lower[i][k] * x[k] }
            x[i] /= lower[i][i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { x[i] -= lower[k][i] * x[k] }
            x[i] /= lower[i][i]
        }
        return x
    }

    /// A⁻¹, one column at a time.
    var inverse: [[Double]] {
        let n = lower.count
        let columns = (0..<n).map { j in solve((0..<n).map { $0 == j ? 1 : 0 }) }
        return (0..<n).map { i in (0..<n).map { columns[$0][i] } }
    }
}

/// XᵀX for the rows of X.
func gram(_ rows: [[Double]]) -> [[Double]] {
    let p = rows[0].count
    return (0..<p).map { i in (0..<p).map { j in rows.reduce(0) { $0 + $1[i] * $1[j] } } }
}

/// Xᵀy for the rows of X.
func transposedProduct(_ rows: [[Double]], _ y: [Double]) -> [Double] {
    (0..<rows[0].count).map { j in zip(rows, y).reduce(0) { $0 + $1.0[j] * $1.1 } }
}

/// aᵀb.
func dot(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
}
