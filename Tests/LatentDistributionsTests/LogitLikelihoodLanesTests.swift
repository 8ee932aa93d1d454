import Foundation
import LatentCore
@testable import LatentDistributions
import Testing

/// The Bernoulli likelihood kernel on each set of vector lanes it can run
/// on (Swift's baseline `SIMD8` lanes; the AVX2 and FMA kernels in C where
/// the CPU has them), in `Float` and `Double`, against −softplus(∓l) and
/// k − σ(l) in `Float80` with glibc's `expl`/`log1pl` at the same (rounded)
/// logit. 4,003 logits over [−40, 40] (0 and ±10⁻³⁰⁰ among them), each with
/// k = 0 and k = 1: 8,006 elements, so a tail of six runs the scalar loop.
@Suite("Bernoulli likelihood on each set of lanes")
struct LogitLikelihoodLanesTests {
    static let logits = { () -> [Double] in
        let grid = (0...4_000).map { -40 + 80 * Double($0) / 4_000 } + [1e-300, -1e-300]
        return grid + grid
    }()
    static let outcomes = logits.indices.map { $0 < logits.count / 2 ? 0.0 : 1.0 }

    /// The worst relative error of the value and the worst error of the
    /// derivative scaled by max(σ, |k − σ|), over the grid.
    static func worstErrors<S: TensorScalar & BinaryFloatingPoint>(
        _: S.Type, lanes: VectorLanes
    ) -> (value: Double, derivative: Double) {
        let l = logits.map { S($0) }, k = outcomes.map { S($0) }
        var value = [S](repeating: 0, count: l.count), derivative = value
        LogitLikelihood.evaluate(counts: k, logits: l, count: l.count, value: &value, derivative: &derivative, lanes: lanes)
        var worst = (value: 0.0, derivative: 0.0)
        for i in l.indices {
            let x = Float80(l[i]), success = k[i] != 0
            let exactValue: Float80 = -(max(success ? -x : x, 0) + Foundation.log1p(Foundation.exp(-abs(x))))
            let sigma: Float80 = 1 / (1 + Foundation.exp(-x))
            let exactDerivative: Float80 = (success ? 1 : 0) - sigma
            worst.value = max(worst.value, Double(abs((Float80(value[i]) - exactValue) / exactValue)))
            let scale = max(sigma, abs(exactDerivative))
            worst.derivative = max(worst.derivative, Double(abs(Float80(derivative[i]) - exactDerivative) / scale))
        }
        return worst
    }

    /// The lanes this machine can run: both where it has AVX2 and FMA.
    static let runnable: [VectorLanes] = VectorLanes.fastest == .wide ? [.baseline, .wide] : [.baseline]

    /// Tolerances as in `DoubleLogitLikelihoodTests`: e and log(1 + e) each
    /// within 1 ulp, the sum's and the reference's rounding, below 4.5·2⁻⁵²
    /// relative; the derivative below 2⁻⁵⁰·max(σ, |k − σ|). Fusing a·b + c
    /// only removes roundings, so the bounds hold for the wide lanes too.
    @Test(arguments: runnable) func doubleAgreesWithExtendedPrecision(lanes: VectorLanes) {
        let worst = Self.worstErrors(Double.self, lanes: lanes)
        #expect(worst.value <= 1e-15, "\(lanes): largest relative error of the value \(worst.value)")
        #expect(worst.derivative <= 0x1p-50, "\(lanes): largest scaled error of the derivative \(worst.derivative)")
    }

    /// `Float`: e and log(1 + e) within 2 ulps each (`VectorMathTests`), the
    /// sum and the products' roundings: below 6·2⁻²⁴ ≈ 3.6·10⁻⁷ relative for
    /// the value; the derivative below 2⁻²⁰·max(σ, |k − σ|), as for `Double`
    /// scaled to 24 bits with the extra ulp of e.
    @Test(arguments: runnable) func floatAgreesWithExtendedPrecision(lanes: VectorLanes) {
        let worst = Self.worstErrors(Float.self, lanes: lanes)
        #expect(worst.value <= 6 * 0x1p-24, "\(lanes): largest relative error of the value \(worst.value)")
        #expect(worst.derivative <= 0x1p-20, "\(lanes): largest scaled error of the derivative \(worst.derivative)")
    }

    /// Values alone (no derivative asked for), with the outcomes read as a
    /// period repeated along the logits, against the values of the full
    /// pass over outcomes copied out to the logits' length, on each set of
    /// lanes and in both precisions. A period of 1,001 puts the period's
    /// seams inside vectors, so an element may meet the scalar formula in
    /// one pass and the lanes in the other: each is within the bounds of
    /// the tests above, so the two agree within twice those (2·10⁻¹⁵ and
    /// 12·2⁻²⁴ relative).
    @Test(arguments: runnable) func valuesAloneOverRepeatedOutcomesAreTheFullPassValues(lanes: VectorLanes) {
        func worstDifference<S: TensorScalar>(_: S.Type) -> Double {
            let period = 1_001
            let l = Self.logits.prefix(3 * period + 5).map { S($0) }
            let k = (0..<period).map { S(($0 * 7) % 3 == 0 ? 1 : 0) }
            let spread = l.indices.map { k[$0 % period] }
            var full = [S](repeating: 0, count: l.count), derivative = full, alone = full
            LogitLikelihood.evaluate(counts: spread, logits: l, count: l.count, value: &full, derivative: &derivative, lanes: lanes)
            LogitLikelihood.evaluate(counts: k, repeatingEvery: period, logits: l, count: l.count, value: &alone,
                                     derivative: nil, lanes: lanes)
            return zip(alone, full).map { abs(Double($0) - Double($1)) / abs(Double($1)) }.max()!
        }
        #expect(worstDifference(Double.self) <= 2e-15, "\(lanes)")
        #expect(worstDifference(Float.self) <= 12 * 0x1p-24, "\(lanes)")
    }

    /// Says plainly which lanes ran, so that a machine without AVX2 does not
    /// pass the wide-lane cases by skipping them silently.
    @Test func reportsTheLanesThisMachineRuns() {
        print("LogitLikelihoodLanesTests: lanes tested on this machine: \(Self.runnable)")
        #expect(Self.runnable.contains(.baseline))
    }
}
