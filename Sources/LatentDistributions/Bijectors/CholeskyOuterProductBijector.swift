import LatentCore

/// Lower Cholesky factors → symmetric positive-definite matrices, L ↦ LLᵀ.
/// On the lower-triangle entries of both, the Jacobian is triangular with
/// log |J| = D log 2 + Σᵢ (D − i + 1) log Lᵢᵢ (rows i = 1…D). Composed after
/// ``LowerCholeskyBijector`` it reaches positive-definite matrices from
/// unconstrained space.
public struct CholeskyOuterProductBijector<Scalar: TensorScalar>: Bijector {
    /// Creates the bijector L ↦ LLᵀ.
    public init() {}
    /// 2: one application maps a D×D matrix.
    public var eventRank: Int { 2 }
    /// Symmetric positive-definite matrices.
    public var codomain: Constraint<Scalar> { .positiveDefinite }

    /// LLᵀ for each lower Cholesky factor L in the trailing two axes.
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try matmul(x, x.transposed())
    }

    /// The Cholesky factor of each matrix.
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard y.rank > 2 else { return try y.cholesky() }
        let matrices = try y.reshaped(to: [-1] + Array(y.shape.suffix(2)))
        let factors = try (0..<matrices.shape[0]).map { i in
            try matrices.sliced(alongAxis: 0, i..<(i + 1)).squeezingShape(at: 0).cholesky()
        }
        return try Tensor.stacking(factors, alongAxis: 0).reshaped(to: y.shape)
    }

    /// log |J| = D log 2 + Σᵢ (D − i + 1) log Lᵢᵢ, one value per matrix.
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard let d = x.shape.last else { return x }
        let diagonal = try (x * Tensor<Scalar>.identity(d)).sum(alongAxes: [-1])
        let powers = Tensor((0..<d).map { Scalar(d - $0) })
        return try (log(diagonal) * powers).sum(alongAxes: [-1]) + Scalar(d) * Scalar.log(2)
    }
}
