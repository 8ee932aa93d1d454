import LatentCore

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
