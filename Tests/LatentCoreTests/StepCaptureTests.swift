@testable import LatentCore
import Testing

@Suite("A captured differentiation replays as the eager one")
struct StepCaptureTests {
    /// f(x) = Σ exp(x)·ε + (x − ε)²/2 with ε ~ N(0, 1) drawn inside.
    static func loss(_ x: Tensor<Double>, _ generator: inout Xoshiro256PlusPlus) throws -> Tensor<Double> {
        let noise = try Tensor<Double>.randomNormal([3], using: &generator)
        let difference = try x - noise
        return try (exp(x) * noise).sum() + (difference * difference).sum() * 0.5
    }

    /// Replays from several states give the eager value and gradient to the
    /// bit, and leave the generator where the eager run does.
    @Test func replaysEqualEagerRuns() throws {
        let capture = StepCapture<Double>()
        var generator = Xoshiro256PlusPlus(seed: 3)
        let before = generator
        let (value, _) = try valueWithGradients(capturingInto: capture) { scope in
            try Self.loss(scope.variable(Tensor([0.1, -0.4, 2.0])), &generator)
        }
        let program = try capture.compile(loss: value, generatorBefore: before, generatorAfter: generator)
        for (seed, point) in [(11, [0.5, 0.25, -1.0]), (12, [3.0, -2.0, 0.0])] as [(UInt64, [Double])] {
            var replayed = Xoshiro256PlusPlus(seed: seed), eager = replayed
            let loss = try program.run(variables: [Tensor(point)], generator: &replayed)
            let (eagerValue, eagerGradients) = try valueWithGradients { scope in
                try Self.loss(scope.variable(Tensor(point)), &eager)
            }
            #expect(loss.bitPattern == (try eagerValue.scalarValue).bitPattern)
            #expect(program.gradient(of: 0).scalars.map(\.bitPattern) == eagerGradients[0].scalars.map(\.bitPattern))
            #expect(replayed == eager)
        }
    }

    /// Reading a value in the captured run makes it dynamic, naming the read.
    @Test func aReadValueIsRefused() throws {
        let capture = StepCapture<Double>()
        let generator = Xoshiro256PlusPlus(seed: 1)
        let (value, _) = try valueWithGradients(capturingInto: capture) { scope in
            let x = scope.variable(Tensor(2.0))
            return try x.scalarValue > 0 ? x * x : x
        }
        #expect(throws: CaptureRefusal.self) {
            try capture.compile(loss: value, generatorBefore: generator, generatorAfter: generator)
        }
        #expect(capture.dynamicReason?.contains("scalarValue") == true)
    }

    /// A draw the capture cannot see (from the generator directly) is found
    /// by replaying the draws, and refused.
    @Test func anUnseenDrawIsRefused() throws {
        let capture = StepCapture<Double>()
        var generator = Xoshiro256PlusPlus(seed: 1)
        let before = generator
        let (value, _) = try valueWithGradients(capturingInto: capture) { scope in
            let shift = Double(generator.next() % 7)
            return try (scope.variable(Tensor([1.0, 2.0])) + shift).sum()
        }
        #expect(throws: CaptureRefusal.self) {
            try capture.compile(loss: value, generatorBefore: before, generatorAfter: generator)
        }
    }
}
