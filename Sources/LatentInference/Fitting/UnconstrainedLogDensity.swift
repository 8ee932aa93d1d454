import LatentCore
import LatentDistributions

/// A model's posterior as a function of one flat unconstrained vector
/// (Stan's `log_prob` on the unconstrained scale, NumPyro's negated
/// `potential_energy`): every latent site's value is zᵢ = Tᵢ(uᵢ), with Tᵢ
/// the bijector from ℝᵏ onto the site's support, and
///
///     f(u) = log p(x, T(u)) + Σᵢ log |det J_Tᵢ(uᵢ)|,
///
/// in nats, up to the constant log p(x). The optimisers, the Laplace
/// approximation, Pathfinder and the default fit all work on f.
public struct UnconstrainedLogDensity<Scalar: TensorScalar, ModelResult> {
    /// Where one latent site sits in the flat vector.
    public struct SiteLayout: Sendable {
        /// The site's name.
        public let name: String
        /// Its slice of u.
        public let range: Range<Int>
        /// The shape of its unconstrained value (that of the site's value,
        /// except for sites whose bijector changes the size, like a simplex).
        public let unconstrainedShape: [Int]
    }

    /// The model whose unconstrained log density f is.
    public let model: (ModelContext<Scalar>) throws -> ModelResult
    /// The context the model runs in (its generator draws nothing here
    /// except during discovery; its parameter store holds any `param`).
    public let context: ModelContext<Scalar>
    let prototype: AutoguidePrototype<Scalar>

    /// Discovers the model's latent sites with one hidden run.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for a model
    ///   without latent sites, ``InferenceError/guideMismatch(site:reason:)``
    ///   naming a discrete latent site; whatever the model throws.
    public init(
        model: @escaping (ModelContext<Scalar>) throws -> ModelResult, context: ModelContext<Scalar> = ModelContext(),
        initialization: AutoguideInitialization<Scalar> = .median
    ) throws {
        self.model = model
        self.context = context
        prototype = try AutoguidePrototype(model: model, context: context, initialization: initialization)
    }

    init(model: @escaping (ModelContext<Scalar>) throws -> ModelResult, context: ModelContext<Scalar>, prototype: AutoguidePrototype<Scalar>) {
        self.model = model
        self.context = context
        self.prototype = prototype
    }

    /// The length of u.
    public var dimension: Int { prototype.dimension }

    /// The latent sites in the order of u.
    public var sites: [SiteLayout] {
        prototype.entries.map { SiteLayout(name: $0.site.name, range: $0.range, unconstrainedShape: $0.unconstrainedShape) }
    }

    /// u at the initialisation's starting values.
    public func initialPoint() throws -> [Scalar] {
        try prototype.initialVector().scalars
    }

    /// f(u), without recording gradients.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for a
    ///   vector of the wrong length; whatever the model throws.
    public func callAsFunction(_ u: [Scalar]) throws -> Scalar {
        let point = try vector(u)
        return try withoutGradients { try logDensity(point).scalarValue }
    }

    /// f(u) and ∇f(u), by reverse mode.
    /// - Throws: as ``callAsFunction(_:)``.
    public func valueWithGradient(at u: [Scalar]) throws -> (value: Scalar, gradient: [Scalar]) {
        let (value, gradient) = try LatentCore.valueWithGradient(at: try vector(u)) { try logDensity($0) }
        return (try value.scalarValue, gradient.scalars)
    }

    /// Each latent site's constrained value at u.
    public func constrainedValues(at u: [Scalar]) throws -> [String: Tensor<Scalar>] {
        let point = try vector(u)
        return try withoutGradients {
            try Dictionary(uniqueKeysWithValues: prototype.entries.map { entry in
                let slice = try point.sliced(alongAxis: -1, entry.range).reshaped(to: entry.unconstrainedShape)
                return (entry.site.name, try entry.bijector.forward(slice).detached)
            })
        }
    }

    /// −∇²f(u), d × d row-major: central differences of the exact gradient
    /// with steps hⱼ = ε^(1/3)·max(|uⱼ|, 1), whose error is O(h²) ≈ ε^(2/3)
    /// relative to the third derivative, then symmetrised.
    /// - Throws: as ``callAsFunction(_:)``.
    public func negativeHessian(at u: [Scalar]) throws -> [Scalar] {
        let d = dimension
        let step = Scalar.pow(Scalar.ulpOfOne, Scalar(1) / 3)
        var hessian = [Scalar](repeating: 0, count: d * d)
        for j in 0..<d {
            let h = step * Swift.max(Swift.abs(u[j]), 1)
            var forward = u, backward = u
            forward[j] += h
            backward[j] -= h
            let upper = try valueWithGradient(at: forward).gradient
            let lower = try valueWithGradient(at: backward).gradient
            for i in 0..<d { hessian[i * d + j] = -(upper[i] - lower[i]) / (2 * h) }
        }
        return (0..<(d * d)).map { k in (hessian[k] + hessian[(k % d) * d + k / d]) / 2 }
    }

    /// The first site, latent or observed, whose log density is not finite
    /// (NaN or ±∞) at u: where a non-finite f comes from.
    func firstNonFiniteSite(at u: [Scalar]) throws -> String? {
        let point = try vector(u)
        return try withoutGradients {
            try ImportancePass(model: model, guide: { c in try prototype.sampleSites(from: point, in: c) }, context: context)
                .firstNonFiniteSite()
        }
    }

    /// f at a tensor u: the model replayed at T(u) and scored, plus the
    /// log-Jacobians (the point-mass guide's −log q).
    func logDensity(_ u: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try ImportancePass(model: model, guide: { c in try prototype.sampleSites(from: u, in: c) }, context: context).logWeight()
    }

    private func vector(_ u: [Scalar]) throws -> Tensor<Scalar> {
        guard u.count == dimension else {
            throw InferenceError.invalidArgument(name: "u", reason: "has \(u.count) entries; the model's unconstrained dimension is \(dimension)")
        }
        return try Tensor(shape: [dimension], scalars: u)
    }
}
