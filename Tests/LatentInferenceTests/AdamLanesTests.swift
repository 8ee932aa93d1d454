import Foundation
import LatentCore
@testable import LatentInference
import Testing

/// Adam's in-place update on each set of vector lanes this machine runs
/// (Swift's `SIMD8` lanes; the AVX2 kernel in C where the CPU has it), on
/// 1,003 elements so that the lanes and the scalar tail both run, for three
/// steps from random moments.
@Suite("Adam on each set of lanes")
struct AdamLanesTests {
    /// θ, g, m, v ≥ 0 after `steps` updates on `lanes`, with weight decay.
    static func updated<S: TensorScalar & BinaryFloatingPoint>(
        _: S.Type, lanes: VectorLanes, steps: Int = 3
    ) throws -> [[S]] where S.RawSignificand: FixedWidthInteger {
        var generator = Xoshiro256PlusPlus(seed: 11)
        let count = 1_003
        var theta = (0..<count).map { _ in S.random(in: -2...2, using: &generator) }
        var first = (0..<count).map { _ in S.random(in: -0.1...0.1, using: &generator) }
        var second = (0..<count).map { _ in S.random(in: 0...0.01, using: &generator) }
        let adam = try Adam<S>(learningRate: 0.01, weightDecay: 0.1)
        for t in 1...steps {
            let gradient = (0..<count).map { _ in S.random(in: -3...3, using: &generator) }
            gradient.withUnsafeBufferPointer { g in
                theta.withUnsafeMutableBufferPointer { th in
                    first.withUnsafeMutableBufferPointer { m in
                        second.withUnsafeMutableBufferPointer { v in _ = adam.update(th, g, m, v, t: t, lanes: lanes) }
                    }
                }
            }
        }
        return [theta, first, second]
    }

    static let runnable: [VectorLanes] = VectorLanes.fastest == .wide ? [.baseline, .wide] : [.baseline]

    /// The C kernel does the same operations in the same order, unfused,
    /// so every element must have the same bits as Swift's lanes.
    @Test func wideLanesGiveTheBitsOfSwiftsLanes() throws {
        guard Self.runnable.contains(.wide) else {
            print("AdamLanesTests: this CPU has no AVX2; only Swift's lanes were tested")
            return
        }
        #expect(try Self.updated(Float.self, lanes: .wide) == Self.updated(Float.self, lanes: .baseline))
        #expect(try Self.updated(Double.self, lanes: .wide) == Self.updated(Double.self, lanes: .baseline))
    }

    /// Whether every new θ is finite, as the update reports it: true for
    /// ordinary values, false when one element becomes infinite or NaN,
    /// whether that element falls in the vector lanes or in the scalar tail
    /// (1,003 = 125·8 + 3 elements), and on both precisions. A training
    /// loop relies on this instead of scanning the parameters again.
    @Test(arguments: runnable) func reportsWhetherEveryNewValueIsFinite(lanes: VectorLanes) throws {
        func finite<S: TensorScalar & BinaryFloatingPoint>(_: S.Type, spoiling index: Int?, with bad: S) throws -> Bool {
            let count = 1_003
            var theta = (0..<count).map { S($0 % 7) - 3 }
            if let index { theta[index] = bad }
            var first = [S](repeating: 0.01, count: count), second = [S](repeating: 0.001, count: count)
            let gradient = (0..<count).map { S($0 % 5) - 2 }
            let adam = try Adam<S>(learningRate: 0.01)
            return gradient.withUnsafeBufferPointer { g in
                theta.withUnsafeMutableBufferPointer { th in
                    first.withUnsafeMutableBufferPointer { m in
                        second.withUnsafeMutableBufferPointer { v in adam.update(th, g, m, v, t: 1, lanes: lanes) }
                    }
                }
            }
        }
        for index in [nil, 0, 13, 999, 1_000, 1_002] {
            #expect(try finite(Float.self, spoiling: index, with: .infinity) == (index == nil), "Float, ∞ at \(String(describing: index))")
            #expect(try finite(Float.self, spoiling: index, with: .nan) == (index == nil), "Float, NaN at \(String(describing: index))")
            #expect(try finite(Double.self, spoiling: index, with: -.infinity) == (index == nil), "Double, −∞ at \(String(describing: index))")
            #expect(try finite(Double.self, spoiling: index, with: .nan) == (index == nil), "Double, NaN at \(String(describing: index))")
        }
    }

    /// Against the update written out in `Double` from the same draws: each
    /// of θ, m, v within 8·2⁻²⁴ of its largest magnitude. Each element is a
    /// handful of `Float` roundings per step, each of a term no larger than
    /// that (m's two terms may cancel, so the bound is norm-wise, not per
    /// element), over three steps; a wrong coefficient or a swapped moment
    /// is off by far more.
    @Test(arguments: runnable) func floatMatchesTheFormula(lanes: VectorLanes) throws {
        let float = try Self.updated(Float.self, lanes: lanes)
        var generator = Xoshiro256PlusPlus(seed: 11)
        let count = 1_003
        var theta = (0..<count).map { _ in Double(Float.random(in: -2...2, using: &generator)) }
        var m = (0..<count).map { _ in Double(Float.random(in: -0.1...0.1, using: &generator)) }
        var v = (0..<count).map { _ in Double(Float.random(in: 0...0.01, using: &generator)) }
        let (b1, b2, rate, eps, lambda) = (Double(Float(0.9)), Double(Float(0.999)), Double(Float(0.01)), Double(Float(1e-8)), Double(Float(0.1)))
        for t in 1...3 {
            let g = (0..<count).map { _ in Double(Float.random(in: -3...3, using: &generator)) }
            let (c1, c2) = (1 / (1 - Foundation.pow(b1, Double(t))), 1 / (1 - Foundation.pow(b2, Double(t))))
            for i in 0..<count {
                m[i] = b1 * m[i] + (1 - b1) * g[i]
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
                theta[i] = theta[i] * (1 - rate * lambda) - rate * (m[i] * c1) / ((v[i] * c2).squareRoot() + eps)
            }
        }
        for (computed, exact) in zip(float, [theta, m, v]) {
            let scale = exact.map(abs).max()!
            let worst = zip(computed, exact).map { abs(Double($0) - $1) }.max()! / scale
            #expect(worst <= 8 * 0x1p-24, "\(lanes): largest error \(worst) of the largest magnitude")
        }
    }
}
