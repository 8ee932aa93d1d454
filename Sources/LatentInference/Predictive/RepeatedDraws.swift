import LatentCore

/// A computation repeated with fresh draws from a context's generator (a
/// predictive draw, an importance sample): captured on its first run,
/// checked against an eager run on its second, and replayed as a compiled
/// program from then on when both hold, so that the handlers and traces
/// run twice, not once per draw. A replay gives the eager run's values to
/// the bit and leaves the generator where the eager run would.
enum RepeatedDraws<Scalar: TensorScalar> {
    /// Runs `body` `count` times and hands each run's outputs to `consume`
    /// (views that the next run overwrites: copy what is kept). A replayed
    /// run whose outputs fail `isValid` (a non-finite log weight) is taken
    /// again eagerly from the same state, so that `body` can say what failed.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    static func run(
        _ count: Int, in context: ModelContext<Scalar>, isValid: ([Tensor<Scalar>]) -> Bool = { _ in true },
        _ body: () throws -> [Tensor<Scalar>], consume: ([Tensor<Scalar>]) throws -> Void
    ) throws {
        var program: CompiledProgram<Scalar>?
        var done = 0
        if count >= 3 {
            let capture = StepCapture<Scalar>()
            let before = context.generator
            let outputs = try capture.recording(body)
            try consume(outputs)
            let candidate = try? capture.compile(outputs: outputs, generatorBefore: before, generatorAfter: context.generator)
            let start = context.generator
            let replayed = candidate.flatMap { replay($0, in: context).map { $0.map(copy) } }
            let afterReplay = context.generator
            context.generator = start
            let eager = try body()
            try consume(eager)
            if let replayed, afterReplay == context.generator, replayed.count == eager.count,
               zip(replayed, eager).allSatisfy({ sameBits($0, $1) }) {
                program = candidate
            }
            done = 2
        }
        for _ in done..<count {
            let start = context.generator
            if let program, let outputs = replay(program, in: context), isValid(outputs) {
                try consume(outputs)
                continue
            }
            context.generator = start
            try consume(try body())
        }
    }

    /// One replay's outputs, or nil when a check failed.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private static func replay(_ program: CompiledProgram<Scalar>, in context: ModelContext<Scalar>) -> [Tensor<Scalar>]? {
        guard (try? program.run(generator: &context.generator)) != nil else { return nil }
        return (0..<program.outputCount).map(program.output)
    }

    private static func copy(_ tensor: Tensor<Scalar>) -> Tensor<Scalar> {
        (try? Tensor(shape: tensor.shape, scalars: tensor.scalars)) ?? tensor
    }
}
