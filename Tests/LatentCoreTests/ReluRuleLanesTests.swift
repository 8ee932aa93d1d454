@testable import LatentCore
import Testing

/// relu's derivative rule by the AVX2 kernel against the rule written out
/// in Swift (g where the input is above 0, +0 elsewhere, a NaN input
/// included; or that added to the target), to the bit, in Float and
/// Double: inputs −0, +0, NaN, ±∞, the smallest subnormal and ordinary
/// values, gradients with −0 and NaN among them, every length from 0 to 20
/// and 203 (whole registers and a scalar rest), assigning and adding.
@Suite("relu's derivative rule in AVX2 registers")
struct ReluRuleLanesTests {
    @Test func theKernelGivesTheRulesBits() throws {
        guard VectorLanes.fastest == .wide else {
            print("ReluRuleLanesTests: this CPU has no AVX2; only Swift's loop runs")
            return
        }
        var generator = Xoshiro256PlusPlus(seed: 12)
        let special: [Double] = [-0.0, 0, .nan, .infinity, -.infinity, Double(Float.leastNonzeroMagnitude), 0.5, -1]
        for count in Array(0...20) + [203] {
            let inputs = (0..<count).map { i in i < special.count * 2 ? special[i % special.count] : Double.randomUniform(using: &generator) - 0.5 }
            let g = (0..<count).map { i in i % 7 == 3 ? -0.0 : (i % 11 == 5 ? .nan : Double.randomUniform(using: &generator) * 4 - 2) }
            let start = (0..<count).map { _ in Double.randomUniform(using: &generator) - 0.5 }
            try check(inputs.map(Float.init), g.map(Float.init), start.map(Float.init))
            try check(inputs, g, start)
        }
    }

    private func check<S: TensorScalar>(_ inputs: [S], _ g: [S], _ start: [S]) throws {
        for adding in [false, true] {
            var kernel = start, loop = start
            let written = g.withUnsafeBufferPointer { g in
                inputs.withUnsafeBufferPointer { inputs in
                    kernel.withUnsafeMutableBufferPointer { target in
                        DerivativeRules.reluRuleLanes(g.baseAddress!, inputs.baseAddress!, into: target.baseAddress!, count: g.count, adding: adding)
                    }
                }
            }
            for i in 0..<written {
                let kept = inputs[i] > 0 ? g[i] : 0
                loop[i] = adding ? loop[i] + kept : kept
            }
            #expect(written == g.count / (S.self == Float.self ? 8 : 4) * (S.self == Float.self ? 8 : 4), "\(S.self), \(g.count) elements")
            #expect(kernel.map(\.bitPattern64) == loop.map(\.bitPattern64), "\(S.self), \(g.count) elements, adding \(adding)")
        }
    }
}

private extension TensorScalar {
    /// The scalar's bits, widened (Float's 32 in the low half).
    var bitPattern64: UInt64 {
        if let value = self as? Float { return UInt64(value.bitPattern) }
        return (self as! Double).bitPattern
    }
}
