internal import CGSL
import RealModule

extension Float: TensorScalar {
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }

    public static func gemv(
        transpose: Bool, rows: Int, columns: Int, alpha: Float, a: UnsafePointer<Float>,
        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, Int32(rows), Int32(columns),
            alpha, a, Int32(columns), x, 1, beta, y, 1)
    }

    public static func lowerTriangularSolve(
        transposeT: Bool, n: Int, k: Int,
        t: UnsafePointer<Float>, b: UnsafeMutablePointer<Float>
    ) {
        cblas_strsm(
            CblasRowMajor, CblasLeft, CblasLower,
            transposeT ? CblasTrans : CblasNoTrans, CblasNonUnit,
            Int32(n), Int32(k), 1, t, Int32(n), b, Int32(k))
    }

    public static func choleskyInPlace(_ a: UnsafeMutablePointer<Float>, n: Int) -> Int {
        // Row-major lower = column-major upper of the same (symmetric) buffer.
        var uplo = CChar(UInt8(ascii: "U"))
        var order = Int32(n)
        var info: Int32 = 0
        spotrf_(&uplo, &order, a, &order, &info)
        return Int(info)
    }
}
