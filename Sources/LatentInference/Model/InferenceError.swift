/// What went wrong in a model, a guide or an inference run, naming the site.
public enum InferenceError: Error, Equatable, CustomStringConvertible {
    /// Two sites of one run share a name; the associated value is that name.
    case duplicateSite(String)
    /// A site's batch shape does not fit the plates around it: `site`, the
    /// plate `plate` it does not fit and that plate's size in this run
    /// `plateSize` (its minibatch when subsampled), and the site's `batchShape`.
    case plateShapeMismatch(site: String, plate: String, plateSize: Int, batchShape: [Int])
    /// The observed value of `site` lies outside its distribution's
    /// support; `requirement` says what the support requires.
    case observationOutsideSupport(site: String, requirement: String)
    /// The observed value of `site`, of shape `valueShape`, does not
    /// broadcast with its distribution's batch and event shape `expected`.
    case observationShapeMismatch(site: String, valueShape: [Int], expected: [Int])
    /// The plate `name` was declared with a size, subsample, indices or axis
    /// that cannot be, or was entered again with another subsample; `reason`
    /// says which.
    case invalidPlate(name: String, reason: String)
    /// A guide lacks a latent site the model has, or has one the model lacks,
    /// or an autoguide met a latent site it cannot cover (a discrete one):
    /// `site` names it and `reason` says what is wrong.
    case guideMismatch(site: String, reason: String)
    /// The guide site `site`, drawn from `distribution` (its type's name), has
    /// no pathwise gradients but met an estimator that needs them (STL, DReG).
    case notReparameterized(site: String, distribution: String)
    /// A parameter was given an initial value outside its constraint, or
    /// a fitted parameter cannot serve (a Laplace approximation asked for
    /// before its mode is found, or at a point that is not a mode); `name`
    /// is the parameter and `reason` says what is wrong.
    case invalidParameter(name: String, reason: String)
    /// An argument of an objective, optimiser, guide or diagnostic is out
    /// of its range (fewer than one particle, a negative learning rate…),
    /// or names a site the model does not have; `name` is the argument and
    /// `reason` says what is wrong.
    case invalidArgument(name: String, reason: String)
    /// The loss was NaN or infinite at step `step` (1-based); `site` is the
    /// first site whose log-density was not finite, when one was.
    case nonFiniteLoss(step: Int, site: String?)
    /// An importance weight p(x, z)/q(z) was NaN or infinite in diagnostics;
    /// `site` is the first site whose log-density was not finite.
    case nonFiniteLogWeight(site: String?)
    /// The latent site `site` has an improper prior (`Flat`) and was to be
    /// drawn from it, which has no draws (prior predictive sampling).
    case improperPrior(site: String)

    /// A one-line message naming the site, plate, parameter or argument, and what is wrong.
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
