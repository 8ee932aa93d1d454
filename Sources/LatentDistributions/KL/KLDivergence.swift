import LatentCore

/// The analytic Kullback–Leibler divergence KL(p‖q) = E_p[log p(X) − log q(X)],
/// in nats, of shape the broadcast of both batch shapes; differentiable in
/// both distributions' parameters.
///
/// Pairs whose supports make it infinite (p puts mass where q has none, as
/// for Normal‖Exponential) give +∞.
/// - Throws: ``DistributionError/noAnalyticKL(p:q:)`` for a pair with no
///   registered formula: ``monteCarloKL(_:_:samples:using:)`` estimates it.
// Specialised: inference code calls this generically, and the formulas'
// tensor arithmetic would otherwise go through protocol witnesses per element.
public func klDivergence<S>(_ p: any Distribution<S>, _ q: any Distribution<S>) throws -> Tensor<S> {
    for rule in KLRegistry<S>.rules {
        if let value = try rule(p, q) { return try KLRegistry<S>.nonNegative(value) }
    }
    throw DistributionError.noAnalyticKL(p: p.name, q: q.name)
}

/// KL(p‖q) estimated by the mean of log p(x) − log q(x) over `samples`
/// draws of p. Pathwise-differentiable in p's parameters when p is
/// reparameterised, and in q's always.
public func monteCarloKL<S>(
    _ p: any Distribution<S>, _ q: any Distribution<S>, samples: Int, using generator: inout some RandomNumberGenerator
) throws -> Tensor<S> {
    let draws = try (p as? any ReparameterizedDistribution<S>)?.rsample([samples], using: &generator)
        ?? p.sample([samples], using: &generator)
    return try (p.logProb(of: draws) - q.logProb(of: draws)).mean(alongAxes: [0])
}

/// The registered formulas, tried in order. Each pair's formula is the
/// static `kl` at the end of its first family's file (`Normal.kl` in
/// Normal.swift), as Distributions.jl keeps `kldivergence(::Gamma, ::Gamma)`
/// in gamma.jl; the rules that see through ``Expanded`` and ``Independent``
/// are at the end of theirs.
enum KLRegistry<S: TensorScalar> {
    typealias Rule = (any Distribution<S>, any Distribution<S>) throws -> Tensor<S>?

    static var rules: [Rule] {
        [
            rule(Normal<S>.self, Normal<S>.self, Normal<S>.kl),
            rule(Exponential<S>.self, Exponential<S>.self, Exponential<S>.kl),
            rule(Gamma<S>.self, Gamma<S>.self, Gamma<S>.kl),
            rule(Beta<S>.self, Beta<S>.self, Beta<S>.kl),
            rule(Laplace<S>.self, Laplace<S>.self, Laplace<S>.kl),
            rule(Uniform<S>.self, Uniform<S>.self, Uniform<S>.kl),
            rule(Bernoulli<S>.self, Bernoulli<S>.self, Bernoulli<S>.kl),
            rule(Categorical<S>.self, Categorical<S>.self, Categorical<S>.kl),
            rule(Poisson<S>.self, Poisson<S>.self, Poisson<S>.kl),
            rule(Geometric<S>.self, Geometric<S>.self, Geometric<S>.kl),
            rule(Dirichlet<S>.self, Dirichlet<S>.self, Dirichlet<S>.kl),
            rule(MultivariateNormal<S>.self, MultivariateNormal<S>.self, MultivariateNormal<S>.kl),
            rule(LowRankMultivariateNormal<S>.self, MultivariateNormal<S>.self, LowRankMultivariateNormal<S>.kl),
            ExpandedKL<S>.kl,
            IndependentKL<S>.kl,
            infiniteBySupport,
        ]
    }

    /// The value with negative entries replaced by 0 (NaN kept). KL ≥ 0 for
    /// every pair (Gibbs' inequality), so a negative value is the rounding
    /// of formulas that subtract terms of order 1 to leave a divergence near
    /// 0: −1.9e-16 for a low-rank normal against the same Gaussian in dense
    /// form, −8.3e-17 for Bernoulli(0.3) against Bernoulli(0.3 + 10⁻⁹).
    static func nonNegative(_ value: Tensor<S>) throws -> Tensor<S> {
        try select(where: value.mask(lessThan: Tensor(0)), Tensor(0), value)
    }

    static func rule<P, Q>(_: P.Type, _: Q.Type, _ kl: @escaping (P, Q) throws -> Tensor<S>) -> Rule {
        { p, q in
            guard let p = p as? P, let q = q as? Q else { return nil }
            return try kl(p, q)
        }
    }

    /// +∞ when p lives on the whole real line and q only on a half-line or
    /// an interval.
    static func infiniteBySupport(_ p: any Distribution<S>, _ q: any Distribution<S>) throws -> Tensor<S>? {
        guard case .real = p.support else { return nil }
        switch q.support {
        case .positive, .nonNegative, .unitInterval, .interval, .greaterThan, .greaterThanOrEqual:
            guard let shape = broadcastShape(p.batchShape, q.batchShape) else {
                throw DistributionError.klShapeMismatch(p, q, ["p": p.batchShape, "q": q.batchShape])
            }
            return try Tensor(shape: shape, repeating: .infinity)
        default:
            return nil
        }
    }
}
