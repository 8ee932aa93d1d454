import Foundation
import LatentCore
import Testing

/// The eight-lane `Float` functions against the same functions in `Double`
/// (glibc's `exp` and `log1p`, correctly rounded to far below a `Float` ulp),
/// and the eight-lane `Double` functions against glibc's own (themselves
/// within 1 ulp): every error within 2 ulps of the reference over a dense
/// grid of the stated domain, and the edges (overflow, underflow, NaN)
/// exactly as documented.
@Suite struct VectorMathTests {
    /// The error of `value` in units of the last place of the exact result.
    static func ulps(_ value: Float, exact: Double) -> Double {
        abs(Double(value) - exact) / Double(Float(exact).ulp)
    }

    /// `f` on `inputs`, eight at a time.
    static func lanes(_ inputs: [Float], _ f: (SIMD8<Float>) -> SIMD8<Float>) -> [Float] {
        stride(from: 0, to: inputs.count, by: 8).flatMap { start in
            var x = SIMD8<Float>(repeating: 0)
            for j in 0..<8 { x[j] = inputs[min(start + j, inputs.count - 1)] }
            let y = f(x)
            return (0..<min(8, inputs.count - start)).map { y[$0] }
        }
    }

    /// The error of `value` in units of the last place of glibc's result.
    static func ulps(_ value: Double, glibc: Double) -> Double {
        abs(value - glibc) / glibc.ulp
    }

    /// `f` on `inputs`, eight at a time.
    static func lanes(_ inputs: [Double], _ f: (SIMD8<Double>) -> SIMD8<Double>) -> [Double] {
        stride(from: 0, to: inputs.count, by: 8).flatMap { start in
            var x = SIMD8<Double>(repeating: 0)
            for j in 0..<8 { x[j] = inputs[min(start + j, inputs.count - 1)] }
            let y = f(x)
            return (0..<min(8, inputs.count - start)).map { y[$0] }
        }
    }

    @Test func exponentialWithinTwoUlps() {
        // 200,001 points over the whole range where eˣ is a normal Float.
        let inputs = (0...200_000).map { Float(-87.3 + 176.0 * Double($0) / 200_000) }
        let values = Self.lanes(inputs, VectorMath.exp)
        let worst = zip(inputs, values).map { Self.ulps($1, exact: Foundation.exp(Double($0))) }.max()!
        #expect(worst <= 2, "largest error \(worst) ulps")
    }

    @Test func exponentialEdges() {
        let edges: [Float] = [0, -0.0, 89, 1000, .infinity, -88, -1000, -.infinity]
        let values = Self.lanes(edges, VectorMath.exp)
        #expect(values == [1, 1, .infinity, .infinity, .infinity, 0, 0, 0])
        #expect(Self.lanes([Float.nan], VectorMath.exp)[0].isNaN)
    }

    @Test func logOnePlusWithinTwoUlps() {
        // [0, 1] densely, and tiny arguments where log(1 + x) ≈ x.
        let inputs = (0...200_000).map { Float(Double($0) / 200_000) } + (1...300).map { Float(pow(10, -Double($0) / 10)) }
        let values = Self.lanes(inputs, { VectorMath.logOnePlus(unitInterval: $0) })
        let worst = zip(inputs, values).map { x, value in
            x == 0 ? Double(abs(value)) : Self.ulps(value, exact: Foundation.log1p(Double(x)))
        }.max()!
        #expect(worst <= 2, "largest error \(worst) ulps")
    }

    /// The thresholds of the eight-lane `Double` exponential: the largest x
    /// with a finite eˣ and the smallest with a normal one.
    static let doubleOverflow = 709.782_712_893_384, doubleUnderflow = -708.396_418_532_264_1

    @Test func doubleExponentialWithinTwoUlps() {
        // 400,001 points over the whole range where eˣ is a normal Double,
        // and 100,001 over [−1, 1], where n is 0 or ±1.
        let wide = (0...400_000).map { Self.doubleUnderflow + (Self.doubleOverflow - Self.doubleUnderflow) * Double($0) / 400_000 }
        let inputs = wide + (0...100_000).map { -1 + 2 * Double($0) / 100_000 }
        let values = Self.lanes(inputs, VectorMath.exp)
        let worst = zip(inputs, values).map { Self.ulps($1, glibc: Foundation.exp($0)) }.max()!
        #expect(worst <= 2, "largest error \(worst) ulps")
    }

    @Test func doubleExponentialEdges() {
        let tiny: [Double] = [0, -0.0, 1e-300, -1e-300, .leastNonzeroMagnitude, -.leastNormalMagnitude]
        #expect(Self.lanes(tiny, VectorMath.exp) == [1, 1, 1, 1, 1, 1])
        // The last finite and the first normal results, within 2 ulps.
        let thresholds = [Self.doubleOverflow, Self.doubleUnderflow]
        for (x, value) in zip(thresholds, Self.lanes(thresholds, VectorMath.exp)) {
            #expect(value.isNormal && Self.ulps(value, glibc: Foundation.exp(x)) <= 2, "e^\(x) = \(value)")
        }
        let beyond: [Double] = [Self.doubleOverflow.nextUp, 710, 1e300, .infinity, Self.doubleUnderflow.nextDown, -745.2, -1e300, -.infinity]
        #expect(Self.lanes(beyond, VectorMath.exp) == [.infinity, .infinity, .infinity, .infinity, 0, 0, 0, 0])
        #expect(Foundation.exp(Self.doubleOverflow.nextUp) == .infinity)
        #expect(Self.lanes([Double.nan, 1, .nan, -1], VectorMath.exp).enumerated().allSatisfy { $0.offset.isMultiple(of: 2) == $0.element.isNaN })
    }

    @Test func doubleLogOnePlusWithinTwoUlps() {
        // [0, 1] densely, and tiny arguments down to the subnormals, where
        // log(1 + x) ≈ x.
        let dense = (0...400_000).map { Double($0) / 400_000 }
        let inputs = dense + (1...3_230).map { pow(10, -Double($0) / 10) } + [.leastNonzeroMagnitude, .leastNormalMagnitude, 1.0.nextDown]
        let values = Self.lanes(inputs, { VectorMath.logOnePlus(unitInterval: $0) })
        let worst = zip(inputs, values).map { x, value in
            x == 0 ? abs(value) : Self.ulps(value, glibc: Foundation.log1p(x))
        }.max()!
        #expect(worst <= 2, "largest error \(worst) ulps")
        #expect(Self.lanes([0, .leastNonzeroMagnitude, 1e-300, 1], { VectorMath.logOnePlus(unitInterval: $0) })[0...2] == [0, .leastNonzeroMagnitude, 1e-300])
        #expect(Self.lanes([.nan, 0.5, 0.5, 0.5], { VectorMath.logOnePlus(unitInterval: $0) })[0].isNaN)
    }
}
