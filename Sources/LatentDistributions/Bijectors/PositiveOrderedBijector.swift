import LatentCore

/// Rⁿ → strictly increasing vectors of positive entries (Stan's
/// `positive_ordered`): y₀ = exp(x₀), yᵢ = yᵢ₋₁ + exp(xᵢ); log |J| = Σᵢ xᵢ
/// (the Jacobian is triangular with diagonal e^(x₀), e^(x₁), …).
public struct PositiveOrderedBijector<Scalar: TensorScalar>: Bijector {
    /// Creates the bijector onto positive, strictly increasing vectors.
    public init() {}
    /// 1: one application maps a vector.
    public var eventRank: Int { 1 }
    /// Strictly increasing vectors of positive entries.
    public var codomain: Constraint<Scalar> { .positiveOrdered }

    /// y₀ = exp(x₀), yᵢ = yᵢ₋₁ + exp(xᵢ) along the last axis.
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try cumulativeSum(exp(x))
    }

    /// x₀ = log y₀, xᵢ = log(yᵢ − yᵢ₋₁).
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let n = y.shape.last ?? 0
        guard n > 1 else { return log(y) }
        let gaps = try y.sliced(alongAxis: -1, 1..<n) - y.sliced(alongAxis: -1, 0..<(n - 1))
        return try Tensor.concatenating([log(y.sliced(alongAxis: -1, 0..<1)), log(gaps)], alongAxis: -1)
    }

    /// log |J| = Σᵢ xᵢ, one value per vector.
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try x.sum(alongAxes: [-1])
    }
}
