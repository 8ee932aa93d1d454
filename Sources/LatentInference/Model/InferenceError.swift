/// What went wrong in a model, a guide or an inference run, naming the site.
public enum InferenceError: Error, Equatable, CustomStringConvertible {
    /// Two sites of one run share a name.
    case duplicateSite(String)
    /// A site's batch shape does not fit the plates around it.
    case plateShapeMismatch(site: String, plate: String, plateSize: Int, batchShape: [Int])
    /// An observed value lies outside its distribution's support.
    case observationOutsideSupport(site: String, requirement: String)
    /// An observed value's shape does not match its distribution.
    case observationShapeMismatch(site: String, valueShape: [Int], expected: [Int])
    /// A plate was declared with a size or subsample that cannot be.
    case invalidPlate(name: String, reason: String)
    /// A guide lacks a latent site the model has, or has one the model lacks.
    case guideMismatch(site: String, reason: String)
    /// A non-reparameterised site met an estimator that needs pathwise gradients.
    case notReparameterized(site: String, distribution: String)
    /// A parameter was given an initial value outside its constraint, or
    /// a fitted parameter cannot serve (a Laplace approximation asked for
    /// before its mode is found, or at a point that is not a mode).
    case invalidParameter(name: String, reason: String)
    /// An argument of an objective, optimiser, guide or diagnostic is out
    /// of its range (fewer than one particle, a negative learning rate…),
    /// or names a site the model does not have.
    case invalidArgument(name: String, reason: String)
    /// The loss was NaN or infinite at a step; `site` is the first site whose
    /// log-density was not finite, when one was.
    case nonFiniteLoss(step: Int, site: String?)
    /// An importance weight p(x, z)/q(z) was NaN or infinite in diagnostics;
    /// `site` is the first site whose log-density was not finite.
    case nonFiniteLogWeight(site: String?)
    /// A latent site with an improper prior (``/LatentDistributions/Flat``) was to be drawn from
    /// its prior, which has no draws (prior predictive sampling).
    case improperPrior(site: String)

    public var description: String {
        switch self {
        case let .duplicateSite(name):
            "site '\(name)' appears twice in one run of the model; site names must be unique"
        case let .plateShapeMismatch(site, plate, size, batchShape):
            "site '\(site)': batch shape \(batchShape) does not fit plate '\(plate)' of size \(size)"
        case let .observationOutsideSupport(site, requirement):
            "site '\(site)': observed value is outside the distribution's support (must be \(requirement))"
        case let .observationShapeMismatch(site, valueShape, expected):
            "site '\(site)': observed value of shape \(valueShape) does not match \(expected)"
        case let .invalidPlate(name, reason):
            "plate '\(name)': \(reason)"
        case let .guideMismatch(site, reason):
            "site '\(site)': \(reason)"
        case let .notReparameterized(site, distribution):
            "site '\(site)': \(distribution) has no pathwise gradients, but the estimator needs them"
        case let .invalidParameter(name, reason):
            "parameter '\(name)': \(reason)"
        case let .invalidArgument(name, reason):
            "argument '\(name)': \(reason)"
        case let .nonFiniteLoss(step, site):
            "the loss is not finite at step \(step)" + (site.map { "; the first non-finite log-density is at site '\($0)'" } ?? "")
        case let .nonFiniteLogWeight(site):
            "an importance log weight is not finite" + (site.map { "; the first non-finite log-density is at site '\($0)'" } ?? "")
        case let .improperPrior(site):
            "site '\(site)': its prior is improper (flat) and has no draws; draw the site from a fitted guide instead"
        }
    }
}
