import LatentCore

/// What every autoguide keeps: the model, the initialisation strategy,
/// and the prototype found by the model's first hidden run.
struct ModelDiscovery<Scalar: TensorScalar, ModelResult> {
    let model: (ModelContext<Scalar>) throws -> ModelResult
    let initialization: AutoguideInitialization<Scalar>
    private var found: AutoguidePrototype<Scalar>?

    init(model: @escaping (ModelContext<Scalar>) throws -> ModelResult, initialization: AutoguideInitialization<Scalar>) {
        self.model = model
        self.initialization = initialization
    }

    /// The prototype, discovered on first use.
    mutating func prototype(_ context: ModelContext<Scalar>) throws -> AutoguidePrototype<Scalar> {
        if let found { return found }
        let prototype = try AutoguidePrototype(model: model, context: context, initialization: initialization)
        found = prototype
        return prototype
    }

    /// The prototype, if the guide has run.
    var discovered: AutoguidePrototype<Scalar>? { found }
}
