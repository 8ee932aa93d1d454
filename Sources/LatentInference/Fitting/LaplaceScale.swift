import LatentCore

/// The lower Cholesky factor of H⁻¹ for a positive definite H (d × d,
/// row-major): H = RRᵀ, H⁻¹ = R⁻ᵀR⁻¹, then its Cholesky factor.
/// - Throws: when H is not positive definite (or not finite).
func laplaceScaleTril<Scalar: TensorScalar>(negativeHessian hessian: [Scalar], dimension d: Int) throws -> Tensor<Scalar> {
    let precisionFactor = try Tensor(shape: [d, d], scalars: hessian).cholesky()
    let inverseFactor = try lowerTriangularSolve(precisionFactor, Tensor<Scalar>.identity(d))
    return try matmul(inverseFactor.transposed(), inverseFactor).cholesky()
}
