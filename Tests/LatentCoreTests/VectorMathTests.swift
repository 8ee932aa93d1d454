import Foundation
import LatentCore
import Testing

/// The eight-lane `Float` functions against the same functions in `Double`
/// (glibc's `exp` and `log1p`, correctly rounded to far below a `Float` ulp):
/// every error within 2 ulps of the `Float` result over a dense grid of the
/// stated domain, and the edges (overflow, underflow, NaN) exactly as
/// documented.
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
        #expect(Self.lanes([.nan], VectorMath.exp)[0].isNaN)
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
}
