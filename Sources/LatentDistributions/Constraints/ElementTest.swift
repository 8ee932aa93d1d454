internal import CLatentKernels
import LatentCore

/// The membership test of a scalar constraint with single-scalar bounds,
/// one element at a time or eight (the form `Constraint.contains` runs on
/// every observation of every step, so it must vectorise: no branches, no
/// libm rounding).
enum ElementTest<Scalar: TensorScalar> {
    /// Not NaN.
    case notNaN
    /// x > bound (strict) or x ≥ bound.
    case above(Scalar, strict: Bool)
    /// lower ≤ x ≤ upper.
    case between(Scalar, Scalar)
    /// Whole numbers with lower ≤ x ≤ upper.
    case integersBetween(Scalar, Scalar)

    typealias Lanes = SIMD8<Scalar>

    @inline(__always)
    func contains(_ x: Scalar) -> Bool {
        switch self {
        case .notNaN: return !x.isNaN
        case let .above(bound, strict): return strict ? x > bound : x >= bound
        case let .between(lower, upper): return x >= lower && x <= upper
        case let .integersBetween(lower, upper): return x >= lower && x <= upper && Self.isInteger(x)
        }
    }

    /// Whether every element of `xs` passes: for `Float`, eight lanes at a
    /// time (then the rest), a large tensor (a minibatch of images) split
    /// over the cores; one at a time otherwise.
    func allContained(_ xs: UnsafeBufferPointer<Scalar>) -> Bool {
        guard let base = xs.baseAddress else { return true }
        var start = 0
        if let test = self as? ElementTest<Float> {
            let floats = UnsafeRawPointer(base).assumingMemoryBound(to: Float.self)
            start = xs.count / 8 * 8
            // One slot per chunk: chunks are at least `minimumChunk` long, so
            // their first indices fall in different multiples of it.
            let minimumChunk = 1 << 15
            let failed = withUnsafeTemporaryAllocation(of: Float.self, capacity: start / minimumChunk + 1) { failures in
                failures.initialize(repeating: 0)
                ParallelChunks.forEach(count: start, minimumChunk: minimumChunk) { range in
                    failures[range.lowerBound / minimumChunk] = test.laneFailures(floats + range.lowerBound, count: range.count)
                }
                return failures.contains { $0 != 0 }
            }
            guard !failed else { return false }
        }
        for i in start..<xs.count where !contains(base[i]) { return false }
        return true
    }

    /// The test that also fails ±∞, where one pass can ask both (nil for a
    /// lower bound alone, whose test has no upper bound to narrow).
    var finite: ElementTest? {
        let largest = Scalar.greatestFiniteMagnitude
        switch self {
        case .notNaN: return .between(-largest, largest)
        case let .between(lower, upper): return .between(Swift.max(lower, -largest), Swift.min(upper, largest))
        case let .integersBetween(lower, upper): return .integersBetween(Swift.max(lower, -largest), Swift.min(upper, largest))
        case .above: return nil
        }
    }

    /// 2^p, p the significand's bits: from here on every number is whole.
    @inline(__always)
    static var wholeFrom: Scalar { Scalar(sign: .plus, exponent: Scalar.Exponent(Scalar.significandBitCount), significand: 1) }

    /// Whether `x` is a whole number, without a libm call: for |x| below
    /// 2^p, |x| + 2^p lands where neighbouring numbers are 1 apart, so it is
    /// rounded to an integer (round to nearest) and subtracting 2^p again
    /// gives |x| back exactly when |x| was whole.
    @inline(__always)
    static func isInteger(_ x: Scalar) -> Bool {
        let magnitude = Swift.abs(x)
        return magnitude >= wholeFrom || (magnitude + wholeFrom) - wholeFrom == magnitude
    }
}

extension Constraint {
    /// The elementwise test of a scalar constraint whose bounds (if any) are
    /// single scalars that broadcast against `x`; nil for event constraints
    /// and bounds of their own shape.
    func elementTest(against x: Tensor<Scalar>) -> ElementTest<Scalar>? {
        func bounds(_ lower: Tensor<Scalar>, _ upper: Tensor<Scalar>) -> (Scalar, Scalar)? {
            guard lower.count == 1, upper.count == 1, x.rank >= Swift.max(lower.rank, upper.rank) else { return nil }
            return (lower.withUnsafeScalars { $0[0] }, upper.withUnsafeScalars { $0[0] })
        }
        switch self {
        case .real: return .notNaN
        case .finite: return .between(-.greatestFiniteMagnitude, .greatestFiniteMagnitude)
        case .positive: return .above(0, strict: true)
        case .nonNegative: return .above(0, strict: false)
        case .unitInterval: return .between(0, 1)
        case let .interval(lower, upper): return bounds(lower, upper).map { .between($0.0, $0.1) }
        case let .greaterThan(lower): return bounds(lower, lower).map { .above($0.0, strict: true) }
        case let .greaterThanOrEqual(lower): return bounds(lower, lower).map { .above($0.0, strict: false) }
        case let .integerInterval(lower, upper): return bounds(lower, upper).map { .integersBetween($0.0, $0.1) }
        case .nonNegativeInteger: return .integersBetween(0, .greatestFiniteMagnitude)
        case .simplex, .ordered, .positiveOrdered, .oneHot, .lowerCholesky, .correlationCholesky, .positiveDefinite: return nil
        }
    }
}

extension ElementTest where Scalar == Float {
    /// How many of the first `count` (a multiple of 8) elements fail: in
    /// AVX2 registers on the `.wide` lanes (`CLatentKernels`), else as
    /// lane comparisons and selects on concrete `SIMD8<Float>` (which
    /// compile to vector instructions; the same code written for a generic
    /// scalar does not).
    func laneFailures(_ p: UnsafePointer<Float>, count: Int, lanes: VectorLanes = .fastest) -> Float {
        if lanes == .wide {
            let (kind, lower, upper): (Int32, Float, Float) = switch self {
            case .notNaN: (Int32(LATENT_TEST_NOT_NAN), 0, 0)
            case let .above(bound, strict): (Int32(strict ? LATENT_TEST_ABOVE_STRICT : LATENT_TEST_ABOVE), bound, 0)
            case let .between(lower, upper): (Int32(LATENT_TEST_BETWEEN), lower, upper)
            case let .integersBetween(lower, upper): (Int32(LATENT_TEST_WHOLE_BETWEEN), lower, upper)
            }
            return Float(latent_count_outside_avx2_f32(p, count, kind, lower, upper))
        }
        typealias Lanes = SIMD8<Float>
        // One loop per kind of test, so that each compiles to straight-line
        // vector code. Each lane adds 1 when it is not inside; ordered
        // comparisons are false for NaN, so NaN is never inside.
        var failed = Lanes(repeating: 0)
        let one = Lanes(repeating: 1)
        @inline(__always) func load(_ start: Int) -> Lanes { UnsafeRawPointer(p + start).loadUnaligned(as: Lanes.self) }
        switch self {
        case .notNaN:
            for start in stride(from: 0, to: count, by: 8) {
                let x = load(start)
                failed.replace(with: failed + one, where: x .!= x)
            }
        case let .above(bound, strict):
            let b = Lanes(repeating: bound)
            for start in stride(from: 0, to: count, by: 8) {
                let x = load(start)
                failed.replace(with: failed + one, where: .!(strict ? x .> b : x .>= b))
            }
        case let .between(lower, upper):
            let (l, u) = (Lanes(repeating: lower), Lanes(repeating: upper))
            for start in stride(from: 0, to: count, by: 8) {
                let x = load(start)
                failed.replace(with: failed + one, where: .!(x .>= l .& x .<= u))
            }
        case let .integersBetween(lower, upper):
            let (l, u) = (Lanes(repeating: lower), Lanes(repeating: upper))
            let shift = Lanes(repeating: Self.wholeFrom)
            for start in stride(from: 0, to: count, by: 8) {
                let x = load(start)
                // |x| below 2^p must survive the rounding of |x| + 2^p − 2^p.
                var magnitude = x.replacing(with: -x, where: x .< 0)
                magnitude.replace(with: 0, where: magnitude .>= shift)
                let whole = (magnitude + shift) - shift .== magnitude
                failed.replace(with: failed + one, where: .!(x .>= l .& x .<= u .& whole))
            }
        }
        return failed.sum()
    }
}
