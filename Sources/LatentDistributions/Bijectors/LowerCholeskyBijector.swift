import LatentCore

/// Square matrices → lower-triangular matrices with a positive diagonal:
/// the strictly lower part is kept, the diagonal exponentiated, the upper
/// part dropped (so the domain is really the lower triangle, n(n + 1)/2
/// numbers). log |J| = Σᵢ xᵢᵢ.
public struct LowerCholeskyBijector<Scalar: TensorScalar>: Bijector {
    /// Creates the bijector onto lower Cholesky factors.
    public init() {}
    /// 2: one application maps a square matrix.
    public var eventRank: Int { 2 }
    /// Lower-triangular matrices with a positive diagonal.
    public var codomain: Constraint<Scalar> { .lowerCholesky }

    /// The strictly lower triangle of x kept, its diagonal exponentiated, the
    /// upper triangle set to 0.
    /// - Throws: `TensorError.invalidShape` unless x ends in a square matrix.
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let (strictlyLower, diagonal) = try masks(x)
        return try x * strictlyLower + exp(x) * diagonal
    }

    /// The strictly lower triangle of y kept, the log of its diagonal, the upper
    /// triangle set to 0.
    /// - Throws: `TensorError.invalidShape` unless y ends in a square matrix.
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let (strictlyLower, diagonal) = try masks(y)
        // Off the diagonal log is taken of 1, so nothing non-finite appears.
        let safeDiagonal = try select(where: diagonal, y, Tensor(1))
        return try y * strictlyLower + log(safeDiagonal) * diagonal
    }

    /// log |J| = Σᵢ xᵢᵢ, one value per matrix.
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let (_, diagonal) = try masks(x)
        return try (x * diagonal).sum(alongAxes: [-2, -1])
    }

    private func masks(_ x: Tensor<Scalar>) throws -> (strictlyLower: Tensor<Scalar>, diagonal: Tensor<Scalar>) {
        guard x.rank >= 2, let n = x.shape.last, x.shape[x.rank - 2] == n else {
            throw TensorError.invalidShape(operation: "LowerCholeskyBijector", shape: x.shape, reason: "does not end in a square matrix")
        }
        let lower = (0..<n).flatMap { i in (0..<n).map { j in Scalar(j < i ? 1 : 0) } }
        return (try Tensor(shape: [n, n], scalars: lower), try Tensor<Scalar>.identity(n))
    }
}
