import LatentCore
import LatentDistributions
@testable import LatentInference
import Testing

@Suite("SVI compiles its steps, or says why not")
struct StepCompilationTests {
    final class Lines: @unchecked Sendable { var all: [String] = [] }

    static func svi(
        model: @escaping (ModelContext<Double>) throws -> Void, compilation: StepCompilation = .automatic
    ) throws -> SVI<Double, Void, Void> {
        let svi = SVI(model: model, guide: normalGuide, objective: try TraceELBO(),
                      optimizer: try Adam(learningRate: 0.05), context: ModelContext(seed: 7))
        svi.compilation = compilation
        return svi
    }

    /// A model whose control flow depends on a drawn value: it can only run eagerly.
    static func branchingModel(_ context: ModelContext<Double>) throws {
        let mu = try context.sample("mu", Normal(loc: 0.0, scale: 10.0))
        let scale = try mu.scalarValue > 0 ? 1.0 : 2.0
        try context.sample("y", Normal(loc: mu, scale: Tensor(scale)), observed: Tensor([0.3, 0.7]))
    }

    /// Pending while the second step is captured and the third checked;
    /// compiled from then on, the same losses as eager SVI to the bit.
    @Test func aStaticModelCompilesAndKeepsTheEagerLosses() throws {
        let compiled = try Self.svi(model: normalModel(SVITests.data))
        let eager = try Self.svi(model: normalModel(SVITests.data), compilation: .off)
        try compiled.run(steps: 2)
        #expect(compiled.compilationStatus == .pending)
        try compiled.run(steps: 18)
        guard case let .compiled(operations) = compiled.compilationStatus else {
            Issue.record("not compiled: \(compiled.compilationStatus)")
            return
        }
        #expect(operations > 0)
        try eager.run(steps: 20)
        #expect(compiled.losses.map(\.bitPattern) == eager.losses.map(\.bitPattern))
        #expect(eager.compilationStatus == .eager(reason: "compilation is off"))
    }

    /// A model that reads a value stays eager, gives eager SVI's losses, and
    /// the progress line says so once, naming the read.
    @Test func aBranchingModelStaysEagerAndSaysSoOnce() throws {
        let lines = Lines()
        let svi = try Self.svi(model: Self.branchingModel)
        try svi.run(steps: 10, progress: ProgressReporter(total: 10, interactive: false) { lines.all.append($0) })
        guard case let .eager(reason) = svi.compilationStatus else {
            Issue.record("compiled a model that branches on a value")
            return
        }
        #expect(reason.contains("scalarValue"))
        let notes = lines.all.filter { $0.hasPrefix("steps run eagerly: ") }
        #expect(notes == ["steps run eagerly: \(reason)\n"])
        let eager = try Self.svi(model: Self.branchingModel, compilation: .off)
        try eager.run(steps: 10)
        #expect(svi.losses.map(\.bitPattern) == eager.losses.map(\.bitPattern))
    }

    /// A replay reads the program's own copy of the parameters, which
    /// Adam's update writes and hands over to the store: a value set by hand between
    /// compiled steps (or a step of another optimiser) must reach the next
    /// replay, so the run goes on as eager SVI does after the same change.
    @Test func aParameterSetBetweenReplaysIsTheOneTheNextReplayReads() throws {
        let compiled = try Self.svi(model: normalModel(SVITests.data))
        let eager = try Self.svi(model: normalModel(SVITests.data), compilation: .off)
        for svi in [compiled, eager] {
            try svi.run(steps: 8)
            svi.context.parameters.setUnconstrainedValue("m", Tensor(1.5))
            try svi.run(steps: 4)
            try svi.context.parameters.setConstrainedValue("s", Tensor(0.25))
            try svi.run(steps: 4)
        }
        expectCompiledMatchesEager(compiled, eager, parameters: ["m", "s"])
    }

    /// A compiled step that meets a value its checks refuse (a guide scale
    /// driven to zero) is taken again eagerly, which throws eager SVI's error.
    @Test func aReplayThatFailsACheckThrowsTheEagerError() throws {
        let compiled = try Self.svi(model: normalModel(SVITests.data))
        let eager = try Self.svi(model: normalModel(SVITests.data), compilation: .off)
        var messages: [String] = []
        for svi in [compiled, eager] {
            try svi.run(steps: 5)
            svi.context.parameters.setUnconstrainedValue("s", Tensor(-Double.infinity))
            do {
                try svi.step()
                Issue.record("a step with a zero scale did not throw")
            } catch {
                messages.append("\(error)")
            }
        }
        guard case .compiled = compiled.compilationStatus else {
            Issue.record("the step was not replayed: \(compiled.compilationStatus)")
            return
        }
        #expect(messages.count == 2 && messages[0] == messages[1])
    }

    /// Adam's moments read during a compiled run are those of an eager run,
    /// a copy read once keeps its values, and reading them changes nothing
    /// that follows (the moments are bound to the compiled step meanwhile).
    @Test func adamsMomentsReadMidRunAreTheEagerOnes() throws {
        let compiled = try Self.svi(model: normalModel(SVITests.data))
        let eager = try Self.svi(model: normalModel(SVITests.data), compilation: .off)
        let moments = { (svi: SVI<Double, Void, Void>) in (svi.optimizer as! Adam<Double>).moments }
        try compiled.run(steps: 10)
        try eager.run(steps: 10)
        guard case .compiled = compiled.compilationStatus else {
            Issue.record("not compiled: \(compiled.compilationStatus)")
            return
        }
        let kept = moments(compiled)
        for name in ["m", "s"] {
            let (a, b) = (kept[name]!, moments(eager)[name]!)
            #expect(a.steps == b.steps && a.steps == 10)
            #expect(a.first.scalars.map(\.bitPattern) == b.first.scalars.map(\.bitPattern))
            #expect(a.second.scalars.map(\.bitPattern) == b.second.scalars.map(\.bitPattern))
        }
        let before = kept["m"]!.first.scalars
        try compiled.run(steps: 10)
        try eager.run(steps: 10)
        #expect(kept["m"]!.first.scalars == before)
        #expect(compiled.losses.map(\.bitPattern) == eager.losses.map(\.bitPattern))
        #expect(moments(compiled)["s"]!.second.scalars.map(\.bitPattern) == moments(eager)["s"]!.second.scalars.map(\.bitPattern))
    }

    /// A compiled step writes Adam's new values into the program's own
    /// copies and hands them over to the store: values read from the store
    /// during a compiled run are the eager run's, a value read once keeps
    /// its scalars while the run goes on (the store's buffer it shares is
    /// not written behind it), and reading changes nothing that follows.
    @Test func parametersReadMidRunAreTheEagerOnes() throws {
        let compiled = try Self.svi(model: normalModel(SVITests.data))
        let eager = try Self.svi(model: normalModel(SVITests.data), compilation: .off)
        try compiled.run(steps: 10)
        try eager.run(steps: 10)
        guard case .compiled = compiled.compilationStatus else {
            Issue.record("not compiled: \(compiled.compilationStatus)")
            return
        }
        let kept = compiled.context.parameters.unconstrainedValue("m")!
        let before = kept.scalars
        expectCompiledMatchesEager(compiled, eager, parameters: ["m", "s"])
        try compiled.run(steps: 10)
        try eager.run(steps: 10)
        // Read again first: that copies the new value back into the store's buffer, if nothing else holds it.
        #expect(compiled.context.parameters.unconstrainedValue("m")!.scalars != before)
        #expect(kept.scalars == before)
        expectCompiledMatchesEager(compiled, eager, parameters: ["m", "s"])
    }

    /// Moments of the wrong shape set during a compiled run are refused by
    /// the next step with eager SVI's error, which names the parameter.
    @Test func momentsOfTheWrongShapeAreTheEagerError() throws {
        let compiled = try Self.svi(model: normalModel(SVITests.data))
        let eager = try Self.svi(model: normalModel(SVITests.data), compilation: .off)
        var messages: [String] = []
        for svi in [compiled, eager] {
            try svi.run(steps: 5)
            let adam = svi.optimizer as! Adam<Double>
            adam.moments["m"] = Adam<Double>.Moments(first: try Tensor.zeros([2]), second: try Tensor.zeros([2]), steps: 5)
            do {
                try svi.step()
                Issue.record("a step with moments of the wrong shape did not throw")
            } catch let InferenceError.invalidParameter(name, reason) {
                #expect(name == "m")
                messages.append(reason)
            }
        }
        #expect(messages.count == 2 && messages[0] == messages[1])
    }

    /// The check of a captured step compares every gradient element: one
    /// ulp anywhere, or another shape, is a difference; NaN against NaN
    /// and −0 against +0 are not (the same numbers), in both precisions.
    @Test func theReplayCheckSeesOneUlpAnywhere() throws {
        func check<S: TensorScalar>(_: S.Type) throws {
            let values = (0..<1_001).map { S(Double($0) * 0.37 - 100) }
            let a = try Tensor<S>(shape: [7, 143], scalars: values)
            #expect(sameBits(a, try Tensor<S>(shape: [7, 143], scalars: values)))
            #expect(!sameBits(a, try Tensor<S>(shape: [143, 7], scalars: values)))
            for position in [0, 500, 1_000] {
                var nudged = values
                nudged[position] = nudged[position].nextUp
                #expect(!sameBits(a, try Tensor<S>(shape: [7, 143], scalars: nudged)))
            }
            let special: [S] = [.nan, -0.0, 1]
            #expect(sameBits(try Tensor<S>(shape: [3], scalars: special), try Tensor<S>(shape: [3], scalars: [.nan, 0.0, 1])))
            #expect(!sameBits(try Tensor<S>(shape: [3], scalars: special), try Tensor<S>(shape: [3], scalars: [0, 0, 1])))
        }
        try check(Float.self)
        try check(Double.self)
    }
}
