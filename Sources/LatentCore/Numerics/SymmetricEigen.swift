/// The eigen-decomposition A = V Λ Vᵀ of a small real symmetric matrix by
/// cyclic Jacobi rotations (Golub & Van Loan §8.5): each sweep zeroes every
/// off-diagonal entry in turn with a plane rotation; the sweeps stop when the
/// off-diagonal Frobenius norm is below 1e-14 of the matrix's, or after 100.
/// Jacobi rather than tridiagonal QR: it is short, and on the small covariance
/// matrices it serves it gives eigenvectors orthonormal to rounding and, for a
/// positive definite matrix, eigenvalues to high relative accuracy (Demmel &
/// Veselić 1992). Each sweep costs O(n³), so it is for small n.
public enum SymmetricEigen {
    /// Eigenvalues in descending order and their unit eigenvectors, as rows:
    /// `vectors[j]` belongs to `values[j]`.
    /// - Parameter matrix: the n×n symmetric matrix as n rows of n entries;
    ///   only its symmetric part is meaningful.
    public static func decompose(_ matrix: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
        let n = matrix.count
        var a = matrix
        var v = (0..<n).map { i in (0..<n).map { i == $0 ? 1.0 : 0 } }
        let scale = a.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for _ in 0..<100 {
            var off = 0.0
            for p in 0..<n { for q in (p + 1)..<n { off += a[p][q] * a[p][q] } }
            if off.squareRoot() <= 1e-14 * Swift.max(scale, 1e-300) { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p][q] != 0 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1 : -1) / (Swift.abs(theta) + (theta * theta + 1).squareRoot())
                    let (c, s) = (1 / (t * t + 1).squareRoot(), t / (t * t + 1).squareRoot())
                    for k in 0..<n {
                        let (akp, akq) = (a[k][p], a[k][q])
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let (apk, aqk) = (a[p][k], a[q][k])
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let (vkp, vkq) = (v[k][p], v[k][q])
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0][$0] > a[$1][$1] }
        return (order.map { a[$0][$0] }, order.map { j in (0..<n).map { v[$0][j] } })
    }
}
