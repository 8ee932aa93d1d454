import LatentCore
import LatentTestSupport
import Testing

/// Jacobi's eigen-decomposition against GSL's (`gsl_eigen_symmv`, an
/// independent tridiagonal QR implementation) on random symmetric matrices.
@Suite struct SymmetricEigenTests {
    /// A random n×n symmetric matrix, B + Bᵀ with B's entries N(0, 1).
    static func randomSymmetric(_ n: Int, seed: UInt64) -> [[Double]] {
        var generator = Xoshiro256PlusPlus(seed: seed)
        let b = (0..<n).map { _ in (0..<n).map { _ in Double.randomNormal(using: &generator) } }
        return (0..<n).map { i in (0..<n).map { j in b[i][j] + b[j][i] } }
    }

    static func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }

    /// Eigenvalues equal GSL's within 1e-12 of the matrix's Frobenius norm;
    /// each vector satisfies ‖Av − λv‖ ≤ 1e-12‖A‖, the vectors are
    /// orthonormal within 1e-12, and each equals GSL's up to its sign within
    /// 1e-9 (the eigenvalues of these matrices are separated by far more than
    /// the rounding that would mix their vectors).
    @Test(arguments: [(1, 1), (2, 2), (5, 3), (12, 4)] as [(Int, UInt64)])
    func agreesWithGSL(_ n: Int, _ seed: UInt64) {
        let a = Self.randomSymmetric(n, seed: seed)
        let norm = a.flatMap { $0 }.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let (values, vectors) = SymmetricEigen.decompose(a)
        let reference = gslSymmetricEigen(a)
        #expect(values == values.sorted(by: >))
        for j in 0..<n {
            #expect(abs(values[j] - reference.values[j]) <= 1e-12 * norm, "λ\(j): \(values[j]) vs \(reference.values[j])")
            let residual = (0..<n).map { i in Self.dot(a[i], vectors[j]) - values[j] * vectors[j][i] }
            #expect(Self.dot(residual, residual).squareRoot() <= 1e-12 * norm, "residual of v\(j)")
            for k in 0..<n {
                #expect(abs(Self.dot(vectors[j], vectors[k]) - (j == k ? 1 : 0)) <= 1e-12, "v\(j)·v\(k)")
            }
            let sign: Double = Self.dot(vectors[j], reference.vectors[j]) < 0 ? -1 : 1
            #expect(zip(vectors[j], reference.vectors[j]).allSatisfy { abs($0 - sign * $1) <= 1e-9 }, "v\(j)")
        }
    }

    /// A diagonal matrix is its own decomposition, sorted; a repeated
    /// eigenvalue still gets an orthonormal basis.
    @Test func diagonalAndRepeatedEigenvalues() {
        let diagonal = SymmetricEigen.decompose([[1, 0, 0], [0, 5, 0], [0, 0, -2]])
        #expect(diagonal.values == [5, 1, -2])
        #expect(diagonal.vectors == [[0, 1, 0], [1, 0, 0], [0, 0, 1]])
        let repeated = SymmetricEigen.decompose([[2, 1, 1], [1, 2, 1], [1, 1, 2]])
        #expect(zip(repeated.values, [4.0, 1, 1]).allSatisfy { abs($0 - $1) <= 1e-13 }, "\(repeated.values)")
        for j in 0..<3 {
            for k in 0..<3 {
                #expect(abs(Self.dot(repeated.vectors[j], repeated.vectors[k]) - (j == k ? 1 : 0)) <= 1e-13)
            }
        }
    }
}
