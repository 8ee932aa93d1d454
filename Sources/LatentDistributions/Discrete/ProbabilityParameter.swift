import LatentCore

/// A probability given directly or as log-odds. Each form is computed with
/// the formulas that keep it exact, so that probabilities of exactly 0 or 1
/// and logits of ±1e30 give finite values or the exact ±∞, never NaN.
enum ProbabilityParameter<Scalar: TensorScalar>: Sendable {
    case probs(Tensor<Scalar>)
    case logits(Tensor<Scalar>)

    var tensor: Tensor<Scalar> {
        switch self {
        case let .probs(p): p
        case let .logits(l): l
        }
    }

    /// p.
    var probs: Tensor<Scalar> {
        switch self {
        case let .probs(p): p
        case let .logits(l): sigmoid(l)
        }
    }

    /// p and 1 − p, each to its own relative precision where it is given
    /// by logits l (σ(l) and σ(−l): 1 − p = 10⁻²⁰ at l = 46, where 1 − σ(l)
    /// rounds to 0): what a sampler needs of a probability near 1.
    var complementaryProbabilities: (success: Tensor<Scalar>, failure: Tensor<Scalar>) {
        switch self {
        case let .probs(p): (p, 1 - p)
        case let .logits(l): (sigmoid(l), sigmoid(-l))
        }
    }

    /// 1 − p, as σ(−l) for logits so that it keeps its digits where p is
    /// within 1e-16 of 1.
    var failureProbs: Tensor<Scalar> { complementaryProbabilities.failure }

    /// log p and log(1 − p). A probability of exactly 0 or 1 gives −∞ with
    /// a zero gradient (log is taken of a stand-in there), so that the
    /// branch not chosen by a `select` cannot turn a gradient into 0/0.
    var logProbabilities: (success: Tensor<Scalar>, failure: Tensor<Scalar>) {
        get throws {
            switch self {
            case let .probs(p):
                let never = try p.mask(equalTo: Tensor(0)), always = try p.mask(equalTo: Tensor(1))
                let success = try select(where: never, Tensor(-.infinity), log(select(where: never, Tensor(1), p)))
                let failure = try select(where: always, Tensor(-.infinity), log1p(-select(where: always, Tensor(0), p)))
                return (success, failure)
            case let .logits(l):
                return (logSigmoid(l), logSigmoid(-l))
            }
        }
    }
}

extension Univariate {
    /// count·logValue, taken as 0 where count = 0 (even if logValue is −∞),
    /// with finite gradients there: the k log p terms of discrete masses.
    static func countTimesLog<S>(_ count: Tensor<S>, _ logValue: Tensor<S>) throws -> Tensor<S> {
        let none = try count.mask(equalTo: Tensor(0))
        return try select(where: none, Tensor(0), count * select(where: none, Tensor(0), logValue))
    }

    /// log(C(k + f, k) pᵏqᶠ) for k successes and f failures from log p and
    /// log q, in Loader's saddle-point form
    /// (``SpecialFunctions/logBinomialMass(successes:failures:logP:logQ:)``),
    /// which keeps its precision at counts of 10¹⁵ and beyond. Gradients:
    /// k and f in log p and log q, and ψ(k + f + 1) − ψ(f + 1) + log q in f
    /// (a negative binomial's real number of successes); none in k.
    ///
    /// The parameter is passed as well, for its digits: p itself where it is
    /// given as a probability (q is then exactly 1 − p), σ(l) and σ(−l) where
    /// it is given as logits (see the scalar function); gradients flow
    /// through the logarithms only.
    static func logBinomialMass<S>(
        successes k: Tensor<S>, failures f: Tensor<S>, _ logP: Tensor<S>, _ logQ: Tensor<S>, exactly parameter: ProbabilityParameter<S>
    ) throws -> Tensor<S> {
        let probabilities: [Tensor<S>] = switch parameter {
        case let .probs(p): [p.detached]
        case .logits: [parameter.complementaryProbabilities.success.detached, parameter.complementaryProbabilities.failure.detached]
        }
        return try elementwise([k, f, logP, logQ] + probabilities) { v in
            let (k, f, logP, logQ) = (v[0], v[1], v[2], v[3])
            let inFailures = f > 0 && logQ.isFinite ? SpecialFunctions.digammaDifference(f + 1, k) + logQ : 0
            let mass = SpecialFunctions.logBinomialMass(successes: k, failures: f, logP: logP, logQ: logQ, p: v[4], q: v.count > 5 ? v[5] : nil)
            return (mass, [0, inFailures, k, f] + Array(repeating: 0, count: v.count - 4))
        }
    }

    /// log C(n, k) = log Γ(n + 1) − log Γ(k + 1) − log Γ(n − k + 1).
    static func logBinomialCoefficient<S>(_ n: Tensor<S>, _ k: Tensor<S>) throws -> Tensor<S> {
        try logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1)
    }
}
