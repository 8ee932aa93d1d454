import Foundation
import LatentCore
import LatentDistributions
import Testing

/// Bernoulli with logits in `Double` (eight lanes at a time on `VectorMath`,
/// then a scalar tail) against −softplus(∓l) and k − σ(l) computed in
/// `Float80` with glibc's `expl`/`log1pl`, eleven bits beyond `Double`, so
/// the reference's own error is negligible.
@Suite("Double Bernoulli likelihood in lanes")
struct DoubleLogitLikelihoodTests {
    /// −softplus(∓l) = −(max(∓l, 0) + log(1 + e^−|l|)) and k − σ(l), in `Float80`.
    static func reference(logit: Double, success: Bool) -> (value: Double, derivative: Double) {
        let x = Float80(logit)
        let signed = success ? -x : x
        let value = -(max(signed, 0) + Foundation.log1p(Foundation.exp(-abs(x))))
        let sigma = 1 / (1 + Foundation.exp(-x))
        return (Double(value), Double((success ? 1 : 0) - sigma))
    }

    /// 4,003 logits over [−40, 40] (0 exactly among them, and ±10⁻³⁰⁰), each
    /// with k = 0 and with k = 1: 8,006 elements, a tail of six past the
    /// last group of eight.
    ///
    /// Tolerances. The value is −(a + log(1 + e)) with a exact and e, then
    /// log(1 + e), each within 1 ulp (`VectorMathTests`: the relative error
    /// of e passes through log(1 + e) at most unchanged), plus the rounding
    /// of the sum and of the reference: below 4.5·2⁻⁵² ≈ 1.0·10⁻¹⁵ relative.
    /// The derivative is k − σ with σ from e, 1 + e, a reciprocal and a
    /// product (relative error below 4·2⁻⁵³), then the subtraction (2⁻⁵³ of
    /// the result): below 2⁻⁵⁰·max(σ, |k − σ|).
    @Test func agreesWithExtendedPrecision() throws {
        let grid = (0...4_000).map { -40 + 80 * Double($0) / 4_000 } + [1e-300, -1e-300]
        #expect(grid[2_000] == 0)
        let logits = grid + grid
        let outcomes = grid.map { _ in 0.0 } + grid.map { _ in 1.0 }
        let l = try Tensor<Double>(shape: [logits.count], scalars: logits)
        let k = try Tensor<Double>(shape: [logits.count], scalars: outcomes)
        let gradient = try valueWithGradient(at: l) { l in try Bernoulli(logits: l).logProb(of: k).sum() }.gradient
        let values = try Bernoulli(logits: l).logProb(of: k).scalars
        var worstValue = 0.0, worstDerivative = 0.0
        for i in logits.indices {
            let exact = Self.reference(logit: logits[i], success: outcomes[i] == 1)
            worstValue = max(worstValue, abs(values[i] - exact.value) / abs(exact.value))
            let sigma = outcomes[i] - exact.derivative
            let scale = max(sigma, abs(exact.derivative))
            worstDerivative = max(worstDerivative, abs(gradient.scalars[i] - exact.derivative) / scale)
        }
        #expect(worstValue <= 1e-15, "largest relative error of the value \(worstValue)")
        #expect(worstDerivative <= 0x1p-50, "largest scaled error of the derivative \(worstDerivative)")
    }
}
