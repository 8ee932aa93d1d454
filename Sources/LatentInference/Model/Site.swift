import LatentCore
import LatentDistributions

/// What a site is.
public enum SiteKind<Scalar: TensorScalar>: Sendable {
    /// A random variable drawn from (or observed under) a distribution.
    case sample(any Distribution<Scalar>)
    /// A learnable parameter, living in unconstrained space behind `constraint`.
    case param(Constraint<Scalar>)
    /// A named function of other sites, recorded for inspection.
    case deterministic
    /// An arbitrary term added to the log-density.
    case factor
    /// The indices a subsampled plate of full size `size` draws: recorded
    /// so that the model, replayed against a guide, sees the guide's
    /// minibatch.
    case subsample(size: Int, count: Int)
}

/// One site as it passes through the handler stack, then as it is
/// recorded in a ``Trace``. Typed, rather than a dictionary of strings.
public struct Site<Scalar: TensorScalar>: Sendable {
    /// The site's name, unique within a run.
    public let name: String
    /// What the site is: a sample, a parameter, a deterministic value, a
    /// factor or a plate's minibatch.
    public let kind: SiteKind<Scalar>
    /// The value: drawn, observed, replayed or substituted.
    public var value: Tensor<Scalar>?
    /// Whether the value is given rather than drawn: observed data, and
    /// deterministic, factor and subsample sites; false for latent draws and
    /// parameters.
    public var isObserved: Bool
    /// The plates around the site, outermost first.
    public let plates: [PlateFrame]
    /// The factor on its log-density: subsampling and `scaled(by:)`.
    public var scale: Scalar
    /// Where the log-density counts (non-zero) and where it does not.
    public var mask: Tensor<Scalar>?
    /// Set by a handler that hides the site from the handlers outside it.
    public var stop = false
    /// The role of a guide-only site (scored in the guide, absent from the
    /// model); nil for every other site.
    public var auxiliaryRole: AuxiliaryRole?
    /// The minibatch of a ``SiteKind/subsample(size:count:)`` site.
    public var indices: [Int]?
    /// A guide's own score-function baseline for this site (say a small
    /// network's output), used instead of the decaying average and trained
    /// towards the cost by least squares.
    public var baselineValue: Tensor<Scalar>?

    /// Whether the site records a computed value (`deterministic`).
    public var isDeterministic: Bool {
        if case .deterministic = kind { return true }
        return false
    }

    /// The site's distribution, for sample sites.
    public var distribution: (any Distribution<Scalar>)? {
        if case let .sample(distribution) = kind { return distribution }
        return nil
    }

    /// scale·log p(value) (masked) per batch element, of the batch shape
    /// (a factor's own shape): the terms ``logProbSum()`` adds up. nil for
    /// parameters, deterministic and subsample sites.
    public func logProbTerms() throws -> Tensor<Scalar>? {
        try maskedLogDensity().map { scale == 1 ? $0 : $0 * scale }
    }

    /// Σ scale·log p(value) (masked), a scalar: the site's contribution to
    /// the log-joint. 0 for parameters and deterministic sites.
    // Kept for the `svi` benchmark: every site's log-density is summed here.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func logProbSum() throws -> Tensor<Scalar> {
        try maskedLogDensity().map { $0.sum() * scale } ?? Tensor(0)
    }

    /// log p(value) with the mask applied, unscaled: a score function's
    /// log-density (the subsampling scale belongs to the costs, not to it).
    func maskedLogDensity() throws -> Tensor<Scalar>? {
        guard let value else { return nil }
        let density: Tensor<Scalar>
        switch kind {
        case let .sample(distribution): density = try distribution.logProb(of: value)
        case .factor: density = value
        case .param, .deterministic, .subsample: return nil
        }
        return try mask.map { try select(where: $0, density, Tensor(0)) } ?? density
    }
}

/// A fresh value of `distribution` (pathwise when it is reparameterised).
func draw<Scalar: TensorScalar>(
    from distribution: any Distribution<Scalar>, using generator: inout Xoshiro256PlusPlus
) throws -> Tensor<Scalar> {
    if let pathwise = distribution as? any ReparameterizedDistribution<Scalar> {
        return try pathwise.rsample([], using: &generator)
    }
    return try distribution.sample([], using: &generator)
}
