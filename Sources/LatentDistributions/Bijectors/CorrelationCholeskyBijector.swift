import LatentCore

/// R^(D(D−1)/2) → Cholesky factors of D×D correlation matrices (LKJ's
/// support), as in Stan: partial correlations zᵢⱼ = tanh(xᵢⱼ) fill the
/// strictly lower triangle row by row, Lᵢⱼ = zᵢⱼ·Πₖ<ⱼ √(1 − zᵢₖ²), and each
/// diagonal entry takes what is left of its row's unit length.
///
/// Row by row the Jacobian on the free entries is triangular:
/// log |J| = Σᵢⱼ [log(1 − zᵢⱼ²) + Σₖ<ⱼ ½ log(1 − zᵢₖ²)], with
/// log(1 − tanh²x) = −2 log cosh x evaluated without cancellation.
public struct CorrelationCholeskyBijector<Scalar: TensorScalar>: Bijector {
    /// Creates the bijector onto Cholesky factors of correlation matrices.
    public init() {}
    /// 1: one application maps a vector of D(D − 1)/2 free entries.
    public var eventRank: Int { 1 }
    /// Cholesky factors of correlation matrices.
    public var codomain: Constraint<Scalar> { .correlationCholesky }

    /// D with D(D − 1)/2 = n.
    func dimension(forFreeCount n: Int) throws -> Int {
        let d = Int(((1 + (1 + 8 * Double(n)).squareRoot()) / 2).rounded())
        guard d * (d - 1) / 2 == n, d >= 2 else {
            throw TensorError.invalidShape(
                operation: "CorrelationCholeskyBijector", shape: [n], reason: "is not D(D − 1)/2 for any D ≥ 2")
        }
        return d
    }

    /// The D×D correlation Cholesky factor for each trailing vector of
    /// D(D − 1)/2 unconstrained entries.
    /// - Throws: `TensorError.invalidShape` when the last axis is not
    ///   D(D − 1)/2 for any D ≥ 2.
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let d = try dimension(forFreeCount: x.shape.last ?? 0)
        let batch = Array(x.shape.dropLast())
        let z = tanh(x)
        let halfLogRemaining = try -logCosh(x)
        var rows = [try Tensor<Scalar>(shape: batch + [d], scalars: Array(repeating: 0, count: batch.reduce(1, *) * d))
            + Tensor((0..<d).map { $0 == 0 ? Scalar(1) : 0 })]
        var start = 0
        for i in 1..<d {
            let range = start..<(start + i)
            let cumulative = try cumulativeSum(halfLogRemaining.sliced(alongAxis: -1, range))
            let before = try cumulative - halfLogRemaining.sliced(alongAxis: -1, range)
            let entries = try z.sliced(alongAxis: -1, range) * exp(before)
            let diagonal = try exp(cumulative.sliced(alongAxis: -1, (i - 1)..<i))
            var parts = [entries, diagonal]
            if i < d - 1 { parts.append(try Tensor.zeros(batch + [d - 1 - i])) }
            rows.append(try Tensor.concatenating(parts, alongAxis: -1))
            start += i
        }
        return try Tensor.stacking(rows, alongAxis: -2)
    }

    /// zᵢⱼ = Lᵢⱼ/√(1 − Σₖ<ⱼ Lᵢₖ²), x = atanh z.
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard y.rank >= 2, let d = y.shape.last, y.shape[y.rank - 2] == d, d >= 2 else {
            throw TensorError.invalidShape(operation: "CorrelationCholeskyBijector", shape: y.shape, reason: "does not end in a square matrix")
        }
        var parts: [Tensor<Scalar>] = []
        for i in 1..<d {
            let row = try y.sliced(alongAxis: -2, i..<(i + 1)).squeezingShape(at: -2).sliced(alongAxis: -1, 0..<i)
            let squares = try row * row
            let remaining = try 1 - (cumulativeSum(squares) - squares)
            let z = try row / sqrt(remaining.clamped(to: Scalar.leastNormalMagnitude, .infinity))
            parts.append(try (log1p(z) - log1p(-z)) * 0.5)
        }
        return try Tensor.concatenating(parts, alongAxis: -1)
    }

    /// log |J| = Σᵢⱼ [log(1 − zᵢⱼ²) + Σₖ<ⱼ ½ log(1 − zᵢₖ²)], one value per
    /// vector of free entries.
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let d = try dimension(forFreeCount: x.shape.last ?? 0)
        let logCoshX = try logCosh(x)
        var total: Tensor<Scalar>?
        var start = 0
        for i in 1..<d {
            let range = start..<(start + i)
            let halfLogRemaining = try -logCoshX.sliced(alongAxis: -1, range)
            let before = try cumulativeSum(halfLogRemaining) - halfLogRemaining
            let term = try (halfLogRemaining * 2 + before).sum(alongAxes: [-1])
            total = try total.map { try $0 + term } ?? term
            start += i
        }
        return total!
    }

    /// The shape with its last axis of D(D − 1)/2 replaced by D×D.
    public func forwardShape(_ shape: [Int]) -> [Int] {
        let d = (try? dimension(forFreeCount: shape.last ?? 0)) ?? 0
        return Array(shape.dropLast()) + [d, d]
    }

    /// The shape with its trailing D×D replaced by one axis of D(D − 1)/2.
    public func inverseShape(_ shape: [Int]) -> [Int] {
        let d = shape.last ?? 0
        return Array(shape.dropLast(2)) + [d * (d - 1) / 2]
    }

    /// log cosh x = |x| + log(1 + e^(−2|x|)) − log 2.
    private func logCosh(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        let a = abs(x)
        return try a + softplus(a * -2) - Scalar.log(2)
    }
}
