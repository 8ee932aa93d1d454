import LatentCore
import LatentDistributions
import LatentInference
import LatentNN
import LatentTestSupport
import Testing

/// Parameters kept in a dictionary, created from their initial values.
final class Parameters {
    var values: [String: Tensor<Double>] = [:]
    func lookup(_ name: String, _ initial: () throws -> Tensor<Double>) throws -> Tensor<Double> {
        if let value = values[name] { return value }
        let value = try initial()
        values[name] = value
        return value
    }
}

@Suite("Neural-network layers")
struct NetworkTests {
    /// Each activation against its closed form at points on both sides of 0,
    /// and its gradient against central differences (1e-7).
    @Test(arguments: [Activation.identity, .relu, .leakyRelu(slope: 0.1), .elu, .tanh, .sigmoid, .softplus])
    func activationsMatchTheirFormulas(_ activation: Activation) throws {
        let points: [Double] = [-3, -0.7, 0.4, 2.5]
        let expected: [Double] = points.map { x in
            switch activation {
            case .identity: x
            case .relu: Swift.max(x, 0)
            case let .leakyRelu(slope): x > 0 ? x : slope * x
            case .elu: x > 0 ? x : Double.exp(x) - 1
            case .tanh: Double.tanh(x)
            case .sigmoid: 1 / (1 + Double.exp(-x))
            case .softplus: Double.log(1 + Double.exp(x))
            }
        }
        let values = try activation(Tensor(points)).scalars
        for (value, target) in zip(values, expected) { #expect(isClose(value, target, tolerance: 1e-14)) }
        let check = try gradientCheck(at: [Tensor(points)]) { try activation($0[0]).sum() }
        #expect(check.maxRelativeError < 1e-7, "\(activation): \(check.maxRelativeError)")
        // ELU's unused branch does not overflow into a NaN gradient.
        if activation == .elu { #expect(try gradient(at: Tensor([800.0])) { try activation($0).sum() }.scalars == [1]) }
    }

    /// A dense layer is activation(x·W + b) on the last axis, for any
    /// leading axes; its gradients match central differences.
    @Test func denseIsAnAffineMapThenTheActivation() throws {
        let layer = try Dense(inputs: 3, outputs: 2, activation: .tanh)
        var generator = Xoshiro256PlusPlus(seed: 1)
        let parameters = Parameters()
        let x = try Tensor<Double>.randomNormal([4, 5, 3], using: &generator)
        let y = try layer(x, name: "d", generator: &generator, parameter: parameters.lookup)
        #expect(y.shape == [4, 5, 2])
        let (w, b) = (parameters.values["d.weight"]!, parameters.values["d.bias"]!)
        #expect(w.shape == [3, 2] && b.scalars == [0, 0])
        let manual = try LatentCore.tanh(matmul(x, w) + b)
        #expect(try abs(y - manual).max().scalarValue < 1e-15)
        let check = try gradientCheck(at: [x, w, Tensor([0.1, -0.2])]) { p in
            try layer(p[0], name: "d", generator: &generator) { name, _ in name.hasSuffix("weight") ? p[1] : p[2] }.sum()
        }
        #expect(check.maxRelativeError < 1e-7)
        #expect(throws: NetworkError.self) { try layer(Tensor<Double>.zeros([2, 4]), name: "d", generator: &generator, parameter: parameters.lookup) }
    }

    /// Glorot-uniform weights are Uniform(±√(6/(in + out))) and He-normal
    /// ones N(0, 2/in): a KS test on 200×300 draws (p > 0.001; false
    /// failure 0.1% for this fixed seed).
    @Test func initialisersDrawTheirDistributions() throws {
        var generator = Xoshiro256PlusPlus(seed: 2)
        let glorot: Tensor<Double> = try Initializer.glorotUniform.weights(fanIn: 200, fanOut: 300, using: &generator)
        let limit = (6.0 / 500).squareRoot()
        let uniform = KolmogorovSmirnov(sample: glorot.scalars) { Swift.min(Swift.max(($0 + limit) / (2 * limit), 0), 1) }
        #expect(uniform.pValue > 0.001)
        let he: Tensor<Double> = try Initializer.heNormal.weights(fanIn: 200, fanOut: 300, using: &generator)
        let sd = (2.0 / 200).squareRoot()
        let normal = KolmogorovSmirnov(sample: he.scalars) { SpecialFunctions.normalCDF($0 / sd) }
        #expect(normal.pValue > 0.001)
    }

    /// An MLP names its parameters by layer, chains its sizes and applies
    /// the hidden activation between layers only.
    @Test func mlpNamesAndShapes() throws {
        let mlp = try MLP(sizes: [4, 8, 8, 2], activation: .relu, outputActivation: .sigmoid)
        #expect(mlp.layers.map(\.activation) == [.relu, .relu, .sigmoid])
        #expect(mlp.layers.map(\.initializer) == [.heNormal, .heNormal, .glorotUniform])
        var generator = Xoshiro256PlusPlus(seed: 3)
        let parameters = Parameters()
        let y = try mlp(Tensor<Double>.randomNormal([10, 4], using: &generator), name: "net", generator: &generator, parameter: parameters.lookup)
        #expect(y.shape == [10, 2])
        #expect(y.scalars.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(Set(parameters.values.keys) == Set((0..<3).flatMap { ["net.\($0).weight", "net.\($0).bias"] }))
        #expect(throws: NetworkError.self) { try MLP(sizes: [3]) }
        #expect(throws: NetworkError.self) { try MLP(sizes: [3, 0, 2]) }
    }

    /// A network's parameters live in the model's parameter store: an MLP
    /// regression y ~ N(f(x), 0.1) fitted by SVI with a point-mass (empty)
    /// guide learns sin on [−2, 2] to within 0.1 everywhere.
    @Test func networksTrainThroughTheParameterStore() throws {
        let x = try Tensor((0..<64).map { -2 + 4 * Double($0) / 63 }).reshaped(to: [64, 1])
        let y = try LatentCore.sin(x).reshaped(to: [64])
        let mlp = try MLP(sizes: [1, 32, 1], activation: .tanh)
        let model = { (c: ModelContext<Double>) throws -> Void in
            let f = try mlp(x, name: "f", generator: &c.generator) { name, initial in try c.param(name, initial()) }
            try c.plate("data", size: 64) { _ in
                try c.sample("y", Normal(loc: f.reshaped(to: [64]), scale: Tensor(0.1)), observed: y)
            }
        }
        let svi = SVI(model: model, guide: { (_: ModelContext<Double>) in }, objective: try TraceELBO(),
                      optimizer: try Adam(learningRate: 0.01), context: ModelContext(seed: 4))
        try svi.run(steps: 1_500)
        #expect(svi.context.parameters.names.contains("f.0.weight"))
        let fitted = try mlp(x, name: "f", generator: &svi.context.generator) { name, _ in try svi.context.parameters.constrainedValue(name)! }
        #expect(try abs(fitted.reshaped(to: [64]) - y).max().scalarValue < 0.1)
    }
}
