import LatentCore

/// Rⁿ → strictly increasing vectors: y₀ = x₀, yᵢ = yᵢ₋₁ + exp(xᵢ);
/// log |J| = Σᵢ≥₁ xᵢ (the Jacobian is triangular with diagonal 1, e^(x₁), …).
public struct OrderedBijector<Scalar: TensorScalar>: Bijector {
    /// Creates the bijector onto strictly increasing vectors.
    public init() {}
    /// 1: one application maps a vector.
    public var eventRank: Int { 1 }
    /// Strictly increasing vectors.
    public var codomain: Constraint<Scalar> { .ordered }

    /// y₀ = x₀, yᵢ = yᵢ₋₁ + exp(xᵢ) along the last axis.
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try cumulativeSum(steps(x))
    }

    /// x₀ = y₀, xᵢ = log(yᵢ − yᵢ₋₁).
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let n = y.shape.last ?? 0
        guard n > 1 else { return y }
        let gaps = try y.sliced(alongAxis: -1, 1..<n) - y.sliced(alongAxis: -1, 0..<(n - 1))
        return try Tensor.concatenating([y.sliced(alongAxis: -1, 0..<1), log(gaps)], alongAxis: -1)
    }

    /// log |J| = Σᵢ≥₁ xᵢ, one value per vector.
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let n = x.shape.last ?? 0
        guard n > 1 else { return try x.sum(alongAxes: [-1]) * 0 }
        return try x.sliced(alongAxis: -1, 1..<n).sum(alongAxes: [-1])
    }

    /// (x₀, e^(x₁), …, e^(xₙ₋₁)).
    private func steps(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let n = x.shape.last ?? 0
        guard n > 1 else { return x }
        return try Tensor.concatenating([x.sliced(alongAxis: -1, 0..<1), exp(x.sliced(alongAxis: -1, 1..<n))], alongAxis: -1)
    }
}
