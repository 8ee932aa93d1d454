import LatentCore
import LatentDistributions
import Testing

/// The elementwise constraints against their definitions, one value at a
/// time, in both precisions: the membership test runs on every observation,
/// so it is a hand-tuned loop (no libm rounding), checked here at the edges
/// where a rounding trick could go wrong (half-integers, the largest
/// integers below 2^p and the first numbers above it, signs, NaN, ±∞).
@Suite struct ConstraintTests {
    /// Whole-number candidates around the precision limit 2^p of `S`.
    static func candidates<S: TensorScalar>(_: S.Type) -> [S] {
        let p = S(sign: .plus, exponent: S.Exponent(S.significandBitCount), significand: 1)
        return [0, -0.0, 1, 2, 0.5, 1.5, 2.5, -1, -2.5, 1e-30, 7.999999, 12_345, 12_345.5,
                p - 1, p - 0.5, p, p + 1, p + 2, 1.5 * p + 1, 2 * p + 2, 3e30, -p + 0.5,
                .nan, .infinity, -.infinity]
    }

    static func checkIntegerConstraints<S: TensorScalar>(_: S.Type) throws {
        for x in candidates(S.self) {
            let whole = x.isFinite && x == x.rounded(.towardZero)
            let value = Tensor<S>(x)
            #expect(try Constraint<S>.nonNegativeInteger.contains(value) == (whole && x >= 0), "\(x)")
            #expect(try Constraint<S>.boolean.contains(value) == (x == 0 || x == 1), "\(x)")
            let interval = Constraint<S>.integerInterval(lower: Tensor(-10), upper: Tensor(S(1) * 1e35))
            #expect(try interval.contains(value) == (whole && x >= -10 && x <= 1e35), "\(x)")
            // The mask agrees with membership element by element.
            #expect(try Constraint<S>.nonNegativeInteger.mask(value).scalarValue == (whole && x >= 0 ? 1 : 0), "\(x)")
        }
    }

    @Test func integersInBothPrecisions() throws {
        try Self.checkIntegerConstraints(Float.self)
        try Self.checkIntegerConstraints(Double.self)
    }

    /// A tensor large enough to be checked in chunks on several threads (a
    /// minibatch of images): one value outside the unit interval is found
    /// in the first chunk, the last one, and the scalars past the last
    /// group of eight.
    @Test func oneOutsiderInALargeTensorIsFoundInEveryChunk() throws {
        let count = 100_003
        let inside = (0..<count).map { Float($0 % 7) / 6 }
        #expect(try Constraint<Float>.unitInterval.contains(Tensor(shape: [count], scalars: inside)))
        for position in [0, 70_000, count - 1] {
            var values = inside
            values[position] = 1.5
            #expect(try !Constraint<Float>.unitInterval.contains(Tensor(shape: [count], scalars: values)), "\(position)")
        }
    }

    @Test func intervalsAndHalfLines() throws {
        let values = try Tensor<Double>(shape: [6], scalars: [-1, 0, 0.5, 1, 2, .nan])
        let expectations: [(Constraint<Double>, [Double])] = [
            (.real, [1, 1, 1, 1, 1, 0]),
            (.positive, [0, 0, 1, 1, 1, 0]),
            (.nonNegative, [0, 1, 1, 1, 1, 0]),
            (.unitInterval, [0, 1, 1, 1, 0, 0]),
            (.interval(lower: Tensor(0), upper: Tensor(2)), [0, 1, 1, 1, 1, 0]),
            (.greaterThan(Tensor(0.5)), [0, 0, 0, 1, 1, 0]),
            (.greaterThanOrEqual(Tensor(0.5)), [0, 0, 1, 1, 1, 0]),
        ]
        for (constraint, expected) in expectations {
            #expect(try constraint.mask(values).scalars == expected, "\(constraint.requirement)")
            #expect(try constraint.contains(values) == false)
            #expect(try constraint.contains(Tensor<Double>(1)) == (expected[3] == 1))
        }
        // Bounds of their own shape take the broadcasting path.
        let perElement = Constraint<Double>.interval(lower: try Tensor(shape: [6], scalars: [-2, 1, 0, 0, 3, 0]), upper: Tensor(5))
        #expect(try perElement.mask(values).scalars == [1, 0, 1, 1, 0, 0])
    }
}
