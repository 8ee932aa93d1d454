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
}
