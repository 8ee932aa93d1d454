internal import CLatentKernels
import LatentCore

/// The Bernoulli log-likelihood of outcomes k ∈ {0, 1} under logits l and
/// its derivative in l, elementwise: log p(k) = −softplus(∓l) (− for k = 1)
/// and k − σ(l). One exponential serves both: with e = exp(−|l|),
/// softplus(±l) = max(±l, 0) + log(1 + e) and σ(l) = 1/(1 + e) for l ≥ 0,
/// e/(1 + e) below. This is the cost of a VAE's likelihood (one call per
/// pixel per step) and of a logistic regression (one per row), so both
/// `Float` and `Double` run in vector lanes: AVX2 and FMA registers where
/// the CPU has them (`CLatentKernels`, the same formulas with each a·b + c
/// fused), eight lanes at a time on ``VectorMath`` elsewhere.
enum LogitLikelihood {
    /// The log-likelihoods into `value` and, when `derivative` is given,
    /// the derivatives into it, for `count` outcomes and logits.
    static func evaluate<S: TensorScalar>(
        counts k: UnsafePointer<S>, logits l: UnsafePointer<S>, count: Int,
        value: UnsafeMutablePointer<S>, derivative: UnsafeMutablePointer<S>?, lanes: VectorLanes = .fastest
    ) {
        evaluate(counts: k, repeatingEvery: count, logits: l, count: count, value: value, derivative: derivative, lanes: lanes)
    }

    /// The same with the `period` outcomes at `k` repeated along the logits
    /// (outcome i mod period for logit i: the same images under many draws
    /// of a latent code), read in place rather than copied out `count /
    /// period` times.
    static func evaluate<S: TensorScalar>(
        counts k: UnsafePointer<S>, repeatingEvery period: Int, logits l: UnsafePointer<S>, count: Int,
        value: UnsafeMutablePointer<S>, derivative: UnsafeMutablePointer<S>?, lanes: VectorLanes = .fastest
    ) {
        // An exponential, a division and a logarithm per element: worth a
        // second thread from a few thousand elements on.
        ParallelChunks.forEach(count: count, minimumChunk: 1 << 14) { range in
            var start = range.lowerBound
            while start < range.upperBound {
                let offset = start % period
                let end = Swift.min(range.upperBound, start - offset + period)
                evaluateRun(counts: k + offset, logits: l + start, count: end - start, value: value + start,
                            derivative: derivative.map { $0 + start }, lanes: lanes)
                start = end
            }
        }
    }

    /// The sum of each of `rows` runs of `length` log-likelihoods into
    /// `sums`, with outcomes repeating every `period` logits (a multiple of
    /// `length`), and no derivative: each row's values are computed into a
    /// scratch row on one thread and summed there (``TensorScalar/sumOfRun(_:count:)``),
    /// never stored. For `length` a multiple of eight every value takes the
    /// lanes it takes in ``evaluate(counts:repeatingEvery:logits:count:value:derivative:lanes:)``,
    /// so the sums have the bits of summing its values row by row.
    static func evaluateRowSums<S: TensorScalar>(
        counts k: UnsafePointer<S>, repeatingEvery period: Int, logits l: UnsafePointer<S>, rows: Int, length: Int,
        sums: UnsafeMutablePointer<S>, lanes: VectorLanes = .fastest
    ) {
        ParallelChunks.forEach(count: rows, minimumChunk: Swift.max(1, (1 << 14) / Swift.max(length, 1)), alignment: 1) { rows in
            withUnsafeTemporaryAllocation(of: S.self, capacity: length) { scratch in
                let row = scratch.baseAddress!
                for r in rows {
                    let start = r * length
                    evaluateRun(counts: k + start % period, logits: l + start, count: length, value: row, derivative: nil, lanes: lanes)
                    sums[r] = S.sumOfRun(row, count: length)
                }
            }
        }
    }

    /// One run of outcomes and logits side by side, on one thread.
    private static func evaluateRun<S: TensorScalar>(
        counts k: UnsafePointer<S>, logits l: UnsafePointer<S>, count: Int,
        value: UnsafeMutablePointer<S>, derivative: UnsafeMutablePointer<S>?, lanes: VectorLanes
    ) {
        var start = 0
        if lanes == .wide {
            start += evaluateWideLanes(counts: k, logits: l, count: count, value: value, derivative: derivative)
        }
        if S.self == Float.self {
            start += evaluateLanes(
                counts: UnsafeRawPointer(k + start).assumingMemoryBound(to: Float.self),
                logits: UnsafeRawPointer(l + start).assumingMemoryBound(to: Float.self), count: count - start,
                value: UnsafeMutableRawPointer(value + start).assumingMemoryBound(to: Float.self),
                derivative: derivative.map { UnsafeMutableRawPointer($0 + start).assumingMemoryBound(to: Float.self) })
        } else if S.self == Double.self {
            start += evaluateLanes(
                counts: UnsafeRawPointer(k + start).assumingMemoryBound(to: Double.self),
                logits: UnsafeRawPointer(l + start).assumingMemoryBound(to: Double.self), count: count - start,
                value: UnsafeMutableRawPointer(value + start).assumingMemoryBound(to: Double.self),
                derivative: derivative.map { UnsafeMutableRawPointer($0 + start).assumingMemoryBound(to: Double.self) })
        }
        for i in start..<count {
            let (x, success) = (l[i], k[i] != 0)
            let e = S.exp(-Swift.abs(x))
            let signed = success ? -x : x
            value[i] = -(Swift.max(signed, 0) + S.logOnePlus(e))
            let sigma = x >= 0 ? 1 / (1 + e) : e / (1 + e)
            derivative?[i] = (success ? 1 : 0) - sigma
        }
    }

    /// The formulas above in AVX2 registers on whole groups of eight;
    /// returns how many elements it covered.
    private static func evaluateWideLanes<S: TensorScalar>(
        counts k: UnsafePointer<S>, logits l: UnsafePointer<S>, count: Int,
        value: UnsafeMutablePointer<S>, derivative: UnsafeMutablePointer<S>?
    ) -> Int {
        if S.self == Float.self {
            return latent_bernoulli_logit_avx2_f32(
                UnsafeRawPointer(k).assumingMemoryBound(to: Float.self),
                UnsafeRawPointer(l).assumingMemoryBound(to: Float.self), count,
                UnsafeMutableRawPointer(value).assumingMemoryBound(to: Float.self),
                derivative.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Float.self) })
        }
        if S.self == Double.self {
            return latent_bernoulli_logit_avx2_f64(
                UnsafeRawPointer(k).assumingMemoryBound(to: Double.self),
                UnsafeRawPointer(l).assumingMemoryBound(to: Double.self), count,
                UnsafeMutableRawPointer(value).assumingMemoryBound(to: Double.self),
                derivative.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: Double.self) })
        }
        return 0
    }

    /// The formulas above on whole groups of eight; returns how many
    /// elements it covered (the rest are left to the scalar loop).
    private static func evaluateLanes(
        counts k: UnsafePointer<Float>, logits l: UnsafePointer<Float>, count: Int,
        value: UnsafeMutablePointer<Float>, derivative: UnsafeMutablePointer<Float>?
    ) -> Int {
        let covered = count / 8 * 8
        for start in stride(from: 0, to: covered, by: 8) {
            let x = UnsafeRawPointer(l + start).loadUnaligned(as: SIMD8<Float>.self)
            let successes = UnsafeRawPointer(k + start).loadUnaligned(as: SIMD8<Float>.self)
            let success = successes .!= 0
            let e = VectorMath.exp(-(x.replacing(with: -x, where: x .< 0)))
            let signed = x.replacing(with: -x, where: success)
            let logLikelihood = -(signed.replacing(with: 0, where: signed .< 0) + VectorMath.logOnePlus(unitInterval: e))
            UnsafeMutableRawPointer(value + start).storeBytes(of: logLikelihood, as: SIMD8<Float>.self)
            guard let derivative else { continue }
            let reciprocal = 1 / (1 + e)
            let sigma = reciprocal.replacing(with: e * reciprocal, where: x .< 0)
            let indicator = SIMD8<Float>(repeating: 0).replacing(with: 1, where: success)
            UnsafeMutableRawPointer(derivative + start).storeBytes(of: indicator - sigma, as: SIMD8<Float>.self)
        }
        return covered
    }

    /// The same on whole groups of eight `Double`s.
    private static func evaluateLanes(
        counts k: UnsafePointer<Double>, logits l: UnsafePointer<Double>, count: Int,
        value: UnsafeMutablePointer<Double>, derivative: UnsafeMutablePointer<Double>?
    ) -> Int {
        let covered = count / 8 * 8
        for start in stride(from: 0, to: covered, by: 8) {
            let x = UnsafeRawPointer(l + start).loadUnaligned(as: SIMD8<Double>.self)
            let successes = UnsafeRawPointer(k + start).loadUnaligned(as: SIMD8<Double>.self)
            let success = successes .!= 0
            let e = VectorMath.exp(-(x.replacing(with: -x, where: x .< 0)))
            let signed = x.replacing(with: -x, where: success)
            let logLikelihood = -(signed.replacing(with: 0, where: signed .< 0) + VectorMath.logOnePlus(unitInterval: e))
            UnsafeMutableRawPointer(value + start).storeBytes(of: logLikelihood, as: SIMD8<Double>.self)
            guard let derivative else { continue }
            let reciprocal = 1 / (1 + e)
            let sigma = reciprocal.replacing(with: e * reciprocal, where: x .< 0)
            let indicator = SIMD8<Double>(repeating: 0).replacing(with: 1, where: success)
            UnsafeMutableRawPointer(derivative + start).storeBytes(of: indicator - sigma, as: SIMD8<Double>.self)
        }
        return covered
    }
}
