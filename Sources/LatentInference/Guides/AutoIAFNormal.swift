import LatentCore
import LatentDistributions

/// A normalising-flow guide (Pyro's `AutoIAFNormal`): base noise
/// ε ~ N(0, I) on the flat unconstrained vector of every latent site goes
/// through `flows` inverse autoregressive steps (Kingma et al. 2016)
///     z′ = σ(g(z))⊙z + (1 − σ(g(z)))⊙m(z),
/// m and g a masked autoregressive network, the order reversed between
/// steps; then u = loc + scale⊙z, and each site's slice of u goes through
/// its bijector. Its log-density is exact:
///     log q = log N(ε) − Σ_steps Σᵢ log σ(gᵢ) − Σᵢ log scaleᵢ − Σ log |det J_bijector|.
/// It can bend to skewed and correlated posteriors that Gaussians cannot.
///
/// Because its draws are computed from base noise (the auxiliary site
/// `_AutoIAFNormal_base`), it takes standard gradients only, not STL or DReG.
/// Parameters: `AutoIAFNormal.loc`, `.scale` (initially `initialScale`),
/// and per step k `AutoIAFNormal.flow<k>.{input,inputBias,shift,shiftBias,gate,gateBias}`;
/// gate biases start at 2 (σ ≈ 0.88) and shift and gate weights near 0, so
/// the flow starts close to a scaled identity.
public final class AutoIAFNormal<Scalar: TensorScalar, ModelResult>: Guide {
    let flows: Int
    let hiddenUnits: Int?
    let initialScale: Scalar
    private var discovery: ModelDiscovery<Scalar, ModelResult>
    private var networks: [MaskedAutoregressiveNetwork<Scalar>] = []

    /// A normalising-flow guide for `model`.
    /// - Parameters:
    ///   - model: the model whose latent sites the guide covers; it is run
    ///     once, hidden from any enclosing trace, on the guide's first run to
    ///     discover them.
    ///   - flows: how many autoregressive steps (at least 1).
    ///   - hiddenUnits: each network's hidden width; 3D + 10 when nil.
    ///   - initialScale: the starting value of every element of `scale`, on
    ///     unconstrained space (0.1 by default).
    ///   - initialization: where `loc` starts: the unconstrained image of
    ///     each site's initial value (the prior median by default).
    public init(
        model: @escaping (ModelContext<Scalar>) throws -> ModelResult, flows: Int = 2, hiddenUnits: Int? = nil,
        initialScale: Scalar = 0.1, initialization: AutoguideInitialization<Scalar> = .median
    ) {
        self.flows = flows
        self.hiddenUnits = hiddenUnits
        self.initialScale = initialScale
        discovery = ModelDiscovery(model: model, initialization: initialization)
    }

    /// Draws the base noise ε, takes it through the flows to z and then to
    /// u = loc + scale⊙z, and draws each latent site from its slice of u,
    /// through the site's bijector.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for fewer
    ///   than one flow or hidden unit, and what the model throws on its hidden run.
    public func callAsFunction(_ context: ModelContext<Scalar>) throws {
        let prototype = try discover(context)
        let d = prototype.dimension
        var z = try context.baseNoise(
            "_AutoIAFNormal_base", Normal(loc: Tensor.zeros([d]), scale: Tensor.ones([d]), validating: false).independent(reinterpretingBatchRank: 1))
        var logDeterminant = Tensor<Scalar>(0)
        for (k, network) in networks.enumerated() {
            let (shift, gate) = try network(z, weights(k, d, network.inputMask.shape[0], context))
            let sigma = sigmoid(gate)
            z = try sigma * z + (1 - sigma) * shift
            logDeterminant = try logDeterminant + logSigmoid(gate).sum()
        }
        let loc = try context.param("AutoIAFNormal.loc", prototype.initialVector())
        let scale = try context.param("AutoIAFNormal.scale", Tensor(shape: [d], repeating: initialScale), constraint: .positive)
        let u = try loc + scale * z
        logDeterminant = try logDeterminant + log(scale).sum()
        try prototype.sampleSites(from: u, in: context, extraLogDensity: -logDeterminant)
    }

    private func discover(_ context: ModelContext<Scalar>) throws -> AutoguidePrototype<Scalar> {
        if let found = discovery.discovered, !networks.isEmpty { return found }
        guard flows >= 1 else { throw InferenceError.invalidArgument(name: "flows", reason: "must be at least 1, got \(flows)") }
        if let hiddenUnits, hiddenUnits < 1 {
            throw InferenceError.invalidArgument(name: "hiddenUnits", reason: "must be at least 1, got \(hiddenUnits)")
        }
        let found = try discovery.prototype(context)
        let d = found.dimension
        let width = hiddenUnits ?? 3 * d + 10
        networks = try (0..<flows).map { k in
            try MaskedAutoregressiveNetwork(order: k.isMultiple(of: 2) ? Array(0..<d) : Array((0..<d).reversed()), hiddenUnits: width)
        }
        return found
    }

    private func weights(_ k: Int, _ d: Int, _ h: Int, _ context: ModelContext<Scalar>) throws -> MaskedAutoregressiveNetwork<Scalar>.Weights {
        let prefix = "AutoIAFNormal.flow\(k)."
        func random(_ shape: [Int], _ sd: Double) throws -> Tensor<Scalar> {
            try Tensor.randomNormal(shape, standardDeviation: Scalar(sd), using: &context.generator)
        }
        return MaskedAutoregressiveNetwork.Weights(
            input: try context.param(prefix + "input", random([h, d], 1 / Double(d).squareRoot())),
            inputBias: try context.param(prefix + "inputBias", Tensor.zeros([h])),
            shift: try context.param(prefix + "shift", random([d, h], 0.01)),
            shiftBias: try context.param(prefix + "shiftBias", Tensor.zeros([d])),
            gate: try context.param(prefix + "gate", random([d, h], 0.01)),
            gateBias: try context.param(prefix + "gateBias", Tensor(shape: [d], repeating: 2)))
    }
}
