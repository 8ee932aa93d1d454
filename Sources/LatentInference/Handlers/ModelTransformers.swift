import LatentCore

// Model transformers: each takes a model (or a guide) and returns the same
// program run under one handler, so that code composing runs reads as
// `context.trace(replaying(guideTrace, in: model))` rather than as nested
// `handled(by:)` calls (NumPyro's `handlers.replay(model, trace)`).

/// `model` with the sites named in `sites` hidden from handlers outside it:
/// an autoguide built on it covers every other latent site, so a
/// hand-written guide can take those (Pyro's `block(model, hide=…)` under
/// an `AutoGuideList`):
///
/// ```swift
/// let automatic = AutoNormal(model: hiding(["tau"], in: model))
/// let guide = { (c: ModelContext<Double>) in
///     try automatic(c)
///     try c.sample("tau", LogNormal(loc: c.param("tau.loc", Tensor(0.0)), scale: c.param("tau.scale", Tensor(0.1), constraint: .positive)))
/// }
/// ```
public func hiding<Scalar: TensorScalar, R>(
    _ sites: Set<String>, in model: @escaping (ModelContext<Scalar>) throws -> R
) -> (ModelContext<Scalar>) throws -> R {
    { context in try context.handled(by: BlockHandler(hiding: { sites.contains($0.name) })) { try model(context) } }
}

/// `model` with every latent sample site and subsampled plate given the
/// value `trace` recorded for it (``ReplayHandler``): the model scored at
/// a guide's draws. Observed sites keep their data; sites the trace lacks
/// are drawn as usual.
public func replaying<Scalar: TensorScalar, R>(
    _ trace: Trace<Scalar>, in model: @escaping (ModelContext<Scalar>) throws -> R
) -> (ModelContext<Scalar>) throws -> R {
    { context in try context.handled(by: ReplayHandler(trace)) { try model(context) } }
}

/// `model` with every parameter used as a constant
/// (``DetachParametersHandler``): its log-density keeps its value and its
/// gradient through the sampled values, but none reaches the parameters.
public func detachingParameters<Scalar: TensorScalar, R>(
    in model: @escaping (ModelContext<Scalar>) throws -> R
) -> (ModelContext<Scalar>) throws -> R {
    { context in try context.handled(by: DetachParametersHandler()) { try model(context) } }
}

/// `model` with its observed sites drawn instead of scored
/// (``UnconditionHandler``): the model simulating data.
public func unconditioning<Scalar: TensorScalar, R>(
    _ model: @escaping (ModelContext<Scalar>) throws -> R
) -> (ModelContext<Scalar>) throws -> R {
    { context in try context.handled(by: UnconditionHandler()) { try model(context) } }
}
