import LatentCore
import LatentTestSupport
import Testing

/// At the extremes the stable formulas give the exact limit or a finite
/// value, never NaN, in value and in gradient.
@Suite("Stable numerics at the extremes")
struct StableNumericsTests {
    @Test func floatExtremesOfOneEFour() throws {
        let x = Tensor<Float>([1e4, -1e4])
        #expect(softplus(x).scalars == [1e4, 0])
        #expect(logSigmoid(x).scalars == [0, -1e4])
        #expect(sigmoid(x).scalars == [1, 0])
        #expect(log1mexp(Tensor<Float>([-1e4])).scalars == [0])
        let lse = try Tensor<Float>([1e4, 1e4]).logSumExp().scalarValue
        #expect(abs(lse - (1e4 + Float.log(2))) <= 1e4 * Float.ulpOfOne)
        let spread = try Tensor<Float>([1e4, -1e4]).logSumExp().scalarValue
        #expect(spread == 1e4)
    }

    @Test func doubleExtremesOfOneEThreeHundred() throws {
        let x = Tensor<Double>([1e300, -1e300])
        #expect(softplus(x).scalars == [1e300, 0])
        #expect(logSigmoid(x).scalars == [0, -1e300])
        #expect(try Tensor<Double>([1e300, 1e300]).logSumExp().scalarValue == 1e300)
        #expect(try Tensor<Double>([-1e300, -1e300]).logSumExp().scalarValue == -1e300)
        // Near 0, 1 − eˣ cancels: log(1 − e^(−1e-30)) = log(1e-30) to full precision.
        let nearZero = log1mexp(Tensor<Double>([-1e-30])).scalars[0]
        #expect(isRelativelyClose(nearZero, Double.log(1e-30), tolerance: 1e-15))
        #expect(log1mexp(Tensor<Double>([-1e300])).scalars == [0])
    }

    @Test func gradientsAtTheExtremesAreFinite() throws {
        let x = Tensor<Double>([1e300, -1e300])
        #expect(try gradient(at: x) { softplus($0).sum() }.scalars == [1, 0])
        #expect(try gradient(at: x) { logSigmoid($0).sum() }.scalars == [0, 1])
        #expect(try gradient(at: x) { sigmoid($0).sum() }.scalars == [0, 0])
        let xf = Tensor<Float>([1e4, -1e4])
        #expect(try gradient(at: xf) { $0.logSumExp() }.scalars == [1, 0])
    }

    @Test func logSumExpOfAllMinusInfinityIsMinusInfinityWithZeroGradient() throws {
        let x = Tensor<Double>([-.infinity, -.infinity])
        let (value, g) = try valueWithGradient(at: x) { $0.logSumExp() }
        #expect(try value.scalarValue == -.infinity)
        #expect(g.scalars == [0, 0])
        let rows = try Tensor<Double>(rows: [[-.infinity, -.infinity], [0, -.infinity]])
        let (rowValue, rowGradient) = try valueWithGradient(at: rows) { try $0.logSumExp(alongAxes: [1]).sum() }
        #expect(try rowValue.scalarValue == -.infinity)
        #expect(rowGradient.scalars == [0, 0, 1, 0])
    }

    @Test func xlogyIsZeroAtZeroWithFiniteGradients() throws {
        let x = Tensor<Double>([0, 0, 2])
        let y = Tensor<Double>([0, 3, 0.5])
        let (value, gradients) = try valueWithGradient(at: x, y) { try xlogy($0, $1).sum() }
        #expect(try value.scalarValue == 2 * Double.log(0.5))
        #expect(gradients.1.scalars == [0, 0, 4])
        #expect(gradients.0.scalars[2] == Double.log(0.5))
    }

    @Test func scalarHelpersAgreeWithDirectFormulasInTheSafeRange() {
        for x in stride(from: -20.0, through: 20.0, by: 0.5) {
            #expect(isClose(Double.softplus(x), Double.log(1 + Double.exp(x)), tolerance: 1e-14))
            #expect(isClose(Double.sigmoid(x), 1 / (1 + Double.exp(-x)), tolerance: 1e-15))
            #expect(isClose(Double.logAddExp(x, 1), Double.log(Double.exp(x) + Double.exp(1)), tolerance: 1e-14))
            if x < 0 { #expect(isClose(Double.log1mexp(x), Double.log(1 - Double.exp(x)), tolerance: 1e-12)) }
        }
        #expect(Double.xlogy(0, 0) == 0)
        #expect(Double.logAddExp(-.infinity, -.infinity) == -.infinity)
    }
}

@Suite("logOnePlus (Goldberg's identity) against libm's log1p")
struct LogOnePlusTests {
    /// Goldberg's bound is 5ε; 8 ulps of relative error leaves a margin
    /// while any formula that cancels (plain log(1 + x)) is off by far more
    /// near 0.
    @Test func withinEightUlpsInDoubleAndFloat() {
        var x = 1e-300
        while x < 1e300 {
            for v in [x, -x / 2] where v > -1 {
                #expect(isRelativelyClose(Double.logOnePlus(v), Double.log(onePlus: v), tolerance: 8 * Double.ulpOfOne))
                let f = Float(v)
                if f != 0 && f.isFinite && f > -1 {
                    let exact = Double.log(onePlus: Double(f))
                    #expect(isRelativelyClose(Double(Float.logOnePlus(f)), exact, tolerance: 8 * Double(Float.ulpOfOne)))
                }
            }
            x *= 1.7
        }
        #expect(Double.logOnePlus(-1) == -.infinity)
        #expect(Double.logOnePlus(.infinity) == .infinity)
        #expect(Double.logOnePlus(-2).isNaN)
    }
}

@Suite("NaN propagates, never vanishes")
struct NaNPropagationTests {
    @Test func extremaAndReluKeepNaN() throws {
        let withNaN = Tensor<Double>([1, .nan, 2])
        #expect(try withNaN.max().scalarValue.isNaN)
        #expect(try Tensor<Double>([.nan, 1]).max().scalarValue.isNaN)
        #expect(try max(Tensor<Double>([.nan, 1]), Tensor<Double>([1, .nan])).scalars.allSatisfy(\.isNaN))
        #expect(try min(Tensor<Double>([.nan, 1]), Tensor<Double>([1, .nan])).scalars.allSatisfy(\.isNaN))
        #expect(relu(Tensor<Double>([.nan])).scalars[0].isNaN)
        #expect(try withNaN.logSumExp().scalarValue.isNaN)
        #expect(try Tensor<Double>([.nan]).clamped(to: 0, 1).scalars[0].isNaN)
    }
}
