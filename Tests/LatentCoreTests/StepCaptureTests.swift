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

    /// Sums over trailing axes (each row's gradient spread over it in one
    /// loop), over a leading axis, and over a square matrix's first axis
    /// (whose result, [4], must not be read as rows): value and gradient
    /// replay to the eager bits. f(X) = Σᵣ (Σⱼ Xᵣⱼ)²·wᵣ + Σⱼ (Σᵣ Xᵣⱼ)·vⱼ for X 4×4 and
    /// X reshaped 2×8.
    @Test func sumsAlongAxesReplayAsEagerOnes() throws {
        let w = Tensor<Double>([0.5, -1.5, 2.0, 0.25]), v = Tensor<Double>([1.0, -2.0, 3.0, 0.5])
        func loss(_ x: Tensor<Double>) throws -> Tensor<Double> {
            let square = try x.reshaped(to: [4, 4])
            let rows = try square.sum(alongAxes: [1]), columns = try square.sum(alongAxes: [0])
            let wide = try x.reshaped(to: [2, 8]).sum(alongAxes: [1])
            return try (rows * rows * w).sum() + (columns * v).sum() + (wide * wide).sum()
        }
        let capture = StepCapture<Double>()
        let generator = Xoshiro256PlusPlus(seed: 4)
        let start = Tensor<Double>((0..<16).map { Double($0) / 7 - 1 })
        let (value, _) = try valueWithGradients(capturingInto: capture) { scope in try loss(scope.variable(start)) }
        let program = try capture.compile(loss: value, generatorBefore: generator, generatorAfter: generator)
        // The rows' sums (of both shapes) take the one-loop spread, not the eager rule.
        let spreads = program.reverse.filter { if case .spreadRows = $0.code { true } else { false } }
        #expect(spreads.count == 2)
        let points: [[Double]] = [(0..<16).map { (i: Int) -> Double in Double(i * i) / 50 }, (0..<16).map { (i: Int) -> Double in Double(15 - i) * 0.3 }]
        for point in points {
            var replayed = generator
            let replayedLoss = try program.run(variables: [Tensor(point)], generator: &replayed)
            let (eagerValue, eagerGradients) = try valueWithGradients { scope in try loss(scope.variable(Tensor(point))) }
            #expect(replayedLoss.bitPattern == (try eagerValue.scalarValue).bitPattern)
            #expect(program.gradient(of: 0).scalars.map { $0.bitPattern } == eagerGradients[0].scalars.map { $0.bitPattern })
            // The closed form: ∂f/∂Xᵣⱼ = 2·wᵣ·(Σ row r) + vⱼ + 2·(Σ of X's half holding it).
            let gradient: [Double] = program.gradient(of: 0).scalars
            for i in 0..<16 {
                let (r, j) = (i / 4, i % 4)
                let row: Double = point[(r * 4)..<(r * 4 + 4)].reduce(0, +)
                let half: Double = point[(i / 8 * 8)..<(i / 8 * 8 + 8)].reduce(0, +)
                let expected: Double = 2 * w.scalars[r] * row + v.scalars[j] + 2 * half
                #expect(abs(gradient[i] - expected) <= 1e-12 * (1 + abs(expected)))
            }
        }
    }

    /// Elementwise instructions large enough to run on all cores (40,003
    /// Floats: an odd rest after the ranges of 64) replay to the eager bits:
    /// f(x) = Σ softplus(x)·exp(−x²/2) + Σ (x − 0.5)²·w + Σᵣ (Σⱼ xᵣⱼ)²/1000
    /// over x as 109 rows of 367, with the split paths taken forward and in
    /// reverse (the rows' gradient spread in whole rows).
    @Test func largeElementwiseInstructionsSplitOverTheCoresKeepTheBits() throws {
        let count = 40_003
        var generator = Xoshiro256PlusPlus(seed: 8)
        let w = try Tensor<Float>.randomUniform([count], using: &generator)
        func loss(_ x: Tensor<Float>) throws -> Tensor<Float> {
            let bump = exp(try (x * x) * -0.5)
            let shifted = try x - 0.5
            let rows = try x.reshaped(to: [109, 367]).sum(alongAxes: [1])
            return try (softplus(x) * bump).sum() + (shifted * shifted * w).sum() + (rows * rows).sum() * 0.001
        }
        let capture = StepCapture<Float>()
        let start = try Tensor<Float>.randomNormal([count], using: &generator)
        let (value, _) = try valueWithGradients(capturingInto: capture) { scope in try loss(scope.variable(start)) }
        let program = try capture.compile(loss: value, generatorBefore: generator, generatorAfter: generator)
        let split = { (instructions: [ProgramInstruction<Float>]) in
            instructions.filter { $0.count >= CompiledProgram<Float>.elementsWorthSplitting && $0.elementwiseOperands != nil }.count
        }
        #expect(split(program.forward) >= 3 && split(program.reverse) >= 3)
        let spreads = program.reverse.filter {
            if case .spreadRows = $0.code { $0.count >= CompiledProgram<Float>.elementsWorthSplitting } else { false }
        }
        #expect(spreads.count == 1)
        for seed in [21, 22] as [UInt64] {
            var draws = Xoshiro256PlusPlus(seed: seed)
            let point = try Tensor<Float>.randomNormal([count], standardDeviation: 2, using: &draws)
            var replayed = generator
            let replayedLoss = try program.run(variables: [point], generator: &replayed)
            let (eagerValue, eagerGradients) = try valueWithGradients { scope in try loss(scope.variable(point)) }
            #expect(replayedLoss.bitPattern == (try eagerValue.scalarValue).bitPattern)
            #expect(program.gradient(of: 0).scalars.map(\.bitPattern) == eagerGradients[0].scalars.map(\.bitPattern))
        }
    }

    /// Two small products reading one hidden layer (a location and a scale
    /// head) share one forward call and run side by side, the reverse of
    /// a small product with both operands tracked runs its two products
    /// side by side (but not a square matrix times itself, whose two
    /// parts add into one buffer), and values given with known
    /// derivatives (x³ with its partial, 2x with a scalar partial) are
    /// replayed by loops: value and gradients have the eager bits.
    @Test func smallProductsSideBySideKeepTheBits() throws {
        var generator = Xoshiro256PlusPlus(seed: 9)
        let x = try Tensor<Float>.randomNormal([64, 30], using: &generator)
        let b0 = try Tensor<Float>.randomNormal([40], using: &generator)
        let (bl, bs) = (try Tensor<Float>.randomNormal([6], using: &generator), try Tensor<Float>.randomNormal([6], using: &generator))
        func cube(_ z: Tensor<Float>) throws -> Tensor<Float> {
            let results = try elementwiseKernel([z.detached], outputs: 2) { inputs, outputs, count in
                for i in 0..<count { (outputs[0][i], outputs[1][i]) = (inputs[0][i] * inputs[0][i] * inputs[0][i], 3 * inputs[0][i] * inputs[0][i]) }
            }
            return try withKnownDerivatives(results[0], inputs: [z], partials: [results[1]])
        }
        func twice(_ z: Tensor<Float>) throws -> Tensor<Float> {
            let value = try elementwiseKernel([z.detached], outputs: 1) { inputs, outputs, count in
                for i in 0..<count { outputs[0][i] = 2 * inputs[0][i] }
            }[0]
            return try withKnownDerivatives(value, inputs: [z], partials: [Tensor(2)])
        }
        func loss(_ w: [Tensor<Float>]) throws -> Tensor<Float> {
            let hidden = try relu(matmul(x, w[0], adding: b0))
            let location = try matmul(hidden, w[1], adding: bl), scale = try matmul(hidden, w[2], adding: bs)
            let square = try matmul(w[3], w[3])
            return try cube(location).sum() * 0.01 + exp(twice(scale) * 0.05).sum() + (square * square).sum()
        }
        let shapes = [[30, 40], [40, 6], [40, 6], [96, 96]]
        let start = try shapes.map { try Tensor<Float>.randomNormal($0, standardDeviation: 0.2, using: &generator) }
        let capture = StepCapture<Float>()
        let (value, _) = try valueWithGradients(capturingInto: capture) { scope in try loss(start.map { scope.variable($0) }) }
        let program = try capture.compile(loss: value, generatorBefore: generator, generatorAfter: generator)
        let isCall = { (instruction: ProgramInstruction<Float>) in if case .call = instruction.code { true } else { false } }
        let (forwardCalls, reverseCalls) = (program.forward.filter(isCall).count, program.reverse.filter(isCall).count)
        #expect(forwardCalls == 5, "first layer, heads together, square, two kernels: \(forwardCalls) calls")
        #expect(reverseCalls == 4, "the four products, known derivatives as loops: \(reverseCalls) calls")
        for seed in [31, 32] as [UInt64] {
            var draws = Xoshiro256PlusPlus(seed: seed)
            let point = try shapes.map { try Tensor<Float>.randomNormal($0, standardDeviation: 0.3, using: &draws) }
            var replayed = generator
            let replayedLoss = try program.run(variables: point, generator: &replayed)
            let (eagerValue, eagerGradients) = try valueWithGradients { scope in try loss(point.map { scope.variable($0) }) }
            #expect(replayedLoss.bitPattern == (try eagerValue.scalarValue).bitPattern)
            for index in shapes.indices {
                #expect(program.gradient(of: index).scalars.map(\.bitPattern) == eagerGradients[index].scalars.map(\.bitPattern))
            }
        }
    }

    /// A sum over an empty trailing axis (rows of no scalars) replays as
    /// the eager one: every row's sum is 0 and the variable's gradient empty.
    @Test func aSumOverAnEmptyAxisReplays() throws {
        func loss(_ x: Tensor<Double>, _ y: Tensor<Double>) throws -> Tensor<Double> {
            try x.sum(alongAxes: [1]).sum() + (y * y).sum()
        }
        let capture = StepCapture<Double>()
        let generator = Xoshiro256PlusPlus(seed: 5)
        let (empty, y) = (try Tensor<Double>(shape: [3, 0], scalars: []), Tensor<Double>([1.5, -2]))
        let (value, _) = try valueWithGradients(capturingInto: capture) { scope in
            try loss(scope.variable(empty), scope.variable(y))
        }
        let program = try capture.compile(loss: value, generatorBefore: generator, generatorAfter: generator)
        var replayed = generator
        let replayedLoss = try program.run(variables: [empty, Tensor([0.5, 3])], generator: &replayed)
        #expect(replayedLoss == 9.25)
        #expect(program.gradient(of: 0).shape == [3, 0])
        #expect(program.gradient(of: 1).scalars == [1, 6])
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
