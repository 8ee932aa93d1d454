import LatentCore
import LatentDistributions
import LatentInference
import Testing

/// A compiled step writes a matrix product's input gradients straight into
/// their buffers where that is the buffer's first write, and adds them
/// through a scratch buffer otherwise: either way the gradients must be the
/// eager walk's. Tied weights reach both forms: `w` is the right operand of
/// two products, so its gradient is written by the first product the
/// reverse pass meets and added to by the second; `x` and `b` are written
/// once. Compiled and eager SVI from the same state give the same losses
/// and parameters, to the bit (the reference is eager SVI, whose gradients
/// `GradientCheckTests` checks against finite differences).
@Suite("Compiled matrix products and their gradients")
struct CompiledProductTests {
    static func svi(compilation: StepCompilation) throws -> SVI<Double, Void, Void> {
        var generator = Xoshiro256PlusPlus(seed: 21)
        let data = try Tensor<Double>.randomNormal([6, 4], using: &generator)
        let (w0, x0) = (try Tensor<Double>.randomNormal([4, 4], using: &generator), try Tensor<Double>.randomNormal([6, 4], using: &generator))
        let model: (ModelContext<Double>) throws -> Void = { c in
            let w = try c.param("w", w0)
            let b = try c.param("b", Tensor.zeros([4]))
            let x = try c.param("x", x0)
            let hidden = relu(try matmul(x, w, adding: b))
            let out = try matmul(hidden, w)
            try c.sample("y", Normal(loc: out, scale: Tensor(1.0)).independent(reinterpretingBatchRank: 2), observed: data)
        }
        let svi = SVI(model: model, guide: { _ in }, objective: try TraceELBO(), optimizer: try Adam(learningRate: 0.01),
                      context: ModelContext(seed: 4))
        svi.compilation = compilation
        return svi
    }

    @Test func tiedWeightsGiveTheEagerGradients() throws {
        let compiled = try Self.svi(compilation: .automatic), eager = try Self.svi(compilation: .off)
        for _ in 0..<25 {
            try compiled.step()
            try eager.step()
        }
        expectCompiledMatchesEager(compiled, eager, parameters: ["w", "b", "x"])
    }
}
