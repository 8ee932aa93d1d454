import LatentCore

/// Rⁿ → the simplex in Rⁿ⁺¹ by stick breaking (as in Stan and PyTorch):
/// zᵢ = σ(xᵢ − log(n − i)) is the fraction of the remaining stick taken by
/// entry i, and the last entry is what is left. The offsets make x = 0 map
/// to the uniform vector.
///
/// On the n free coordinates the Jacobian is triangular, so
/// log |J| = Σᵢ [log σ(tᵢ) + Σⱼ≤ᵢ log σ(−tⱼ)], tᵢ = xᵢ − log(n − i).
public struct StickBreakingBijector<Scalar: TensorScalar>: Bijector {
    /// Creates the stick-breaking bijector.
    public init() {}
    /// 1: one application maps a vector.
    public var eventRank: Int { 1 }
    /// The probability simplex.
    public var codomain: Constraint<Scalar> { .simplex }

    /// The point of the simplex in Rⁿ⁺¹ for each trailing vector in Rⁿ.
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let t = try shifted(x)
        let logRemaining = try cumulativeSum(logSigmoid(-t))
        let before = try exp(logRemaining - logSigmoid(-t))
        let n = x.shape.last ?? 0
        let left = try exp(logRemaining.sliced(alongAxis: -1, (n - 1)..<n))
        return try Tensor.concatenating([sigmoid(t) * before, left], alongAxis: -1)
    }

    /// xᵢ = log yᵢ − log(1 − Σⱼ≤ᵢ yⱼ) + log(n − i).
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let n = (y.shape.last ?? 1) - 1
        let free = try y.sliced(alongAxis: -1, 0..<n)
        let remaining = try (1 - cumulativeSum(free)).clamped(to: Scalar.leastNormalMagnitude, .infinity)
        return try log(free) - log(remaining) + offsets(n)
    }

    /// log |J| = Σᵢ [log σ(tᵢ) + Σⱼ≤ᵢ log σ(−tⱼ)], one value per vector.
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let t = try shifted(x)
        return try (logSigmoid(t) + cumulativeSum(logSigmoid(-t))).sum(alongAxes: [-1])
    }

    /// The shape with one more entry in its last axis.
    public func forwardShape(_ shape: [Int]) -> [Int] { Array(shape.dropLast()) + [(shape.last ?? 0) + 1] }
    /// The shape with one fewer entry in its last axis.
    public func inverseShape(_ shape: [Int]) -> [Int] { Array(shape.dropLast()) + [(shape.last ?? 1) - 1] }

    private func offsets(_ n: Int) -> Tensor<Scalar> {
        Tensor((0..<n).map { Scalar.log(Scalar(n - $0)) })
    }

    private func shifted(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try x - offsets(x.shape.last ?? 0)
    }
}
