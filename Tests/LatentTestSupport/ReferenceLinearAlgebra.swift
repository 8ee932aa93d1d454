import CGSL

/// Eigen-decomposition of a symmetric matrix by GSL (`gsl_eigen_symmv`):
/// an implementation independent of Latent's, for reference values.
/// Returns eigenvalues in descending order and matching unit eigenvectors.
public func gslSymmetricEigen(_ matrix: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
    let n = matrix.count
    var entries = matrix.flatMap { $0 }
    var values = [Double](repeating: 0, count: n)
    var vectors = [Double](repeating: 0, count: n * n)
    entries.withUnsafeMutableBufferPointer { a in
        values.withUnsafeMutableBufferPointer { v in
            vectors.withUnsafeMutableBufferPointer { e in
                var aView = gsl_matrix_view_array(a.baseAddress, n, n)
                var vView = gsl_vector_view_array(v.baseAddress, n)
                var eView = gsl_matrix_view_array(e.baseAddress, n, n)
                let workspace = gsl_eigen_symmv_alloc(n)
                gsl_eigen_symmv(&aView.matrix, &vView.vector, &eView.matrix, workspace)
                gsl_eigen_symmv_sort(&vView.vector, &eView.matrix, GSL_EIGEN_SORT_VAL_DESC)
                gsl_eigen_symmv_free(workspace)
            }
        }
    }
    // Column j of the row-major result is the j-th eigenvector.
    return (values, (0..<n).map { j in (0..<n).map { vectors[$0 * n + j] } })
}

/// The sample covariance (1/n) Σ (xᵢ − x̄)(xᵢ − x̄)ᵀ of the rows of an n×d matrix.
public func sampleCovariance(_ rows: [[Double]]) -> [[Double]] {
    let n = Double(rows.count), d = rows[0].count
    let mean = (0..<d).map { j in rows.reduce(0) { $0 + $1[j] } / n }
    return (0..<d).map { i in (0..<d).map { j in rows.reduce(0) { $0 + ($1[i] - mean[i]) * ($1[j] - mean[j]) } / n } }
}
