import LatentCore
import LatentDistributions
import LatentInference
import LatentNN

/// The variational autoencoder (Kingma & Welling 2014) as one model and one
/// amortised guide, written with the public API only:
///     zᵢ ~ N(0, I),  xᵢ | zᵢ ~ p(x | decoder(zᵢ))          (model)
///     q(zᵢ | xᵢ) = N(μ(xᵢ), diag σ²(xᵢ))                    (guide)
/// inside a plate over the data set's images, on the minibatch the caller
/// chooses. The encoder is an MLP trunk with a mean head and a
/// log-variance head; the decoder an MLP from z to the likelihood's
/// parameters. A KL weight β ≠ 1 scales the latent site in model and guide
/// (the β-VAE).
public struct VariationalAutoencoder: Sendable {
    /// The distribution of a pixel given its decoder output.
    public enum Likelihood: String, CaseIterable, Sendable {
        /// Bernoulli with logits: binarised images.
        case bernoulli
        /// Continuous Bernoulli with logits: grey levels in [0, 1] (Loaiza-Ganem & Cunningham 2019).
        case continuousBernoulli = "continuous-bernoulli"
        /// Normal with the decoder's mean and a learned per-pixel scale.
        case gaussian
    }

    /// The length of one flattened image.
    public let pixels: Int
    /// The length of the latent code z.
    public let latentDimension: Int
    /// The encoder's hidden sizes, in order; the decoder uses them reversed.
    public let hidden: [Int]
    /// The distribution of a pixel given its decoder output.
    public let likelihood: Likelihood
    /// β, the scale of the latent site in model and guide (1 for the plain VAE).
    public let klWeight: Float
    let trunk: MLP
    let meanHead: Dense
    let logVarianceHead: Dense
    let decoder: MLP

    /// A VAE for images of `pixels` pixels with latent codes of length `latentDimension`.
    /// - Parameters:
    ///   - pixels: the length of one flattened image, the input of the
    ///     encoder and the output of the decoder (784 = 28 × 28 by default).
    ///   - latentDimension: the length of the latent code z (20 by default).
    ///   - hidden: the encoder's hidden sizes (the decoder mirrors them);
    ///     [400] with 20 latents is PyTorch's example, [512] with 16 the seeds'.
    ///   - likelihood: the distribution of a pixel given its decoder output
    ///     (Bernoulli by default).
    ///   - klWeight: β > 0, the scale of the latent site's log-densities in model
    ///     and guide, and so of the KL term (1, the plain VAE, by default).
    /// - Throws: ``/LatentNN/NetworkError/invalidArchitecture(_:)`` for sizes below 1
    ///   or no hidden layer, ``ModelError/notPositive(argument:value:)``
    ///   for a KL weight that is not positive.
    public init(pixels: Int = 784, latentDimension: Int = 20, hidden: [Int] = [400], likelihood: Likelihood = .bernoulli, klWeight: Float = 1) throws {
        guard !hidden.isEmpty else { throw NetworkError.invalidArchitecture("the VAE needs at least one hidden layer") }
        try ModelError.checkPositive("klWeight", Double(klWeight))
        self.pixels = pixels
        self.latentDimension = latentDimension
        self.hidden = hidden
        self.likelihood = likelihood
        self.klWeight = klWeight
        // PyTorch's nn.Linear initialisation, as in its VAE example the figures are compared with.
        trunk = try MLP(sizes: [pixels] + hidden, activation: .relu, outputActivation: .relu, initializer: .uniformFanIn)
        meanHead = try Dense(inputs: hidden.last!, outputs: latentDimension, initializer: .uniformFanIn)
        logVarianceHead = try Dense(inputs: hidden.last!, outputs: latentDimension, initializer: .uniformFanIn)
        decoder = try MLP(sizes: [latentDimension] + hidden.reversed() + [pixels], activation: .relu, initializer: .uniformFanIn)
    }

    /// The multiply–adds of the encoder's products for one image (its trunk
    /// and both heads).
    public var encoderMultiplyAdds: Int {
        let sizes = [pixels] + hidden
        return zip(sizes, sizes.dropFirst()).map(*).reduce(0, +) + 2 * hidden.last! * latentDimension
    }

    /// The multiply–adds of the decoder's products for one latent code.
    public var decoderMultiplyAdds: Int {
        let sizes = [latentDimension] + hidden.reversed() + [pixels]
        return zip(sizes, sizes.dropFirst()).map(*).reduce(0, +)
    }

    /// The model on a minibatch: `images` [B, pixels] are rows `indices` of
    /// a data set of `count` images.
    public func model(_ c: ModelContext<Float>, images: Tensor<Float>, indices: [Int], count: Int) throws {
        try c.plate("data", size: count, subsampleIndices: indices) { _ in
            let prior = try Normal(loc: Tensor.zeros([latentDimension]), scale: Tensor(Float(1))).independent(reinterpretingBatchRank: 1)
            let z = try weightedKL(c) { try c.sample("z", prior) }
            let output = try decoder(z, name: "decoder", generator: &c.generator, parameter: lookup(c))
            try c.sample("x", pixelDistribution(output, c), observed: images)
        }
    }

    /// The amortised guide: the encoder maps each image to its q(z | x).
    public func guide(_ c: ModelContext<Float>, images: Tensor<Float>, indices: [Int], count: Int) throws {
        let (mean, logVariance) = try encode(images, c)
        try c.plate("data", size: count, subsampleIndices: indices) { _ in
            let posterior = try Normal(loc: mean, scale: exp(logVariance * 0.5)).independent(reinterpretingBatchRank: 1)
            try weightedKL(c) { try c.sample("z", posterior) }
        }
    }

    /// μ(x) and log σ²(x), each [B, latent].
    public func encode(_ images: Tensor<Float>, _ c: ModelContext<Float>) throws -> (mean: Tensor<Float>, logVariance: Tensor<Float>) {
        guard images.rank == 2, images.shape[1] == pixels else {
            throw NetworkError.inputShapeMismatch(layer: "encoder", expected: pixels, shape: images.shape)
        }
        let h = try trunk(images, name: "encoder", generator: &c.generator, parameter: lookup(c))
        let mean = try meanHead(h, name: "encoder.mean", generator: &c.generator, parameter: lookup(c))
        let logVariance = try logVarianceHead(h, name: "encoder.logVariance", generator: &c.generator, parameter: lookup(c))
        return (mean, logVariance)
    }

    /// The decoder's mean image for latent codes `z` [B, latent]: pixel
    /// probabilities, continuous-Bernoulli means or Gaussian means.
    public func decodeMean(_ z: Tensor<Float>, _ c: ModelContext<Float>) throws -> Tensor<Float> {
        let output = try decoder(z, name: "decoder", generator: &c.generator, parameter: lookup(c))
        switch likelihood {
        case .bernoulli: return sigmoid(output)
        case .continuousBernoulli: return try ContinuousBernoulli(logits: output, validating: false).mean
        case .gaussian: return output
        }
    }

    private func pixelDistribution(_ output: Tensor<Float>, _ c: ModelContext<Float>) throws -> any Distribution<Float> {
        switch likelihood {
        case .bernoulli:
            return try Bernoulli(logits: output, validating: false).independent(reinterpretingBatchRank: 1)
        case .continuousBernoulli:
            return try ContinuousBernoulli(logits: output, validating: false).independent(reinterpretingBatchRank: 1)
        case .gaussian:
            let logScale = try c.param("decoder.logScale", Tensor.zeros([pixels]))
            return try Normal(loc: output, scale: exp(logScale), validating: false).independent(reinterpretingBatchRank: 1)
        }
    }

    @discardableResult
    private func weightedKL<R>(_ c: ModelContext<Float>, _ body: () throws -> R) throws -> R {
        klWeight == 1 ? try body() : try c.handled(by: ScaleHandler(klWeight), body)
    }

    private func lookup(_ c: ModelContext<Float>) -> ParameterLookup<Float> {
        { name, initial in try c.param(name, initial()) }
    }
}
