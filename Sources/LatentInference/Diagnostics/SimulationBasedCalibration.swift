import LatentCore

/// Simulation-based calibration of an inference procedure (Talts et al.
/// 2018) and its VI variant VSBC (Yao et al. 2018).
///
/// Each of M simulations draws θ* and data y from the model's prior
/// predictive, builds a guide for y (by fitting, or in closed form), and
/// records pₘ = q(θ < θ*), the fraction of guide draws of a scalar site
/// below the true value. If the guide is the exact posterior, p is
/// Uniform(0, 1): too narrow a guide piles p near 0 and 1, too wide a one
/// near ½ (uniformity fails); a biased one puts more than half of p on
/// one side of ½ (symmetry fails).
public struct SimulationBasedCalibration: Sendable {
    /// pₘ for each simulation.
    public let quantiles: [Double]

    /// Runs `simulations` simulations.
    /// - Parameters:
    ///   - model: the model, with its observed sites written with `observed:`.
    ///     It is run under ``UnconditionHandler`` to simulate.
    ///   - site: the scalar latent site to check.
    ///   - observedSites: the names of the sites that form the data.
    ///   - simulations: M, the number of simulations (at least 20).
    ///   - guideDraws: how many draws of the guide estimate each pₘ.
    ///   - seed: seeds the generator of the one context that runs every
    ///     simulation and guide draw and is handed to `guideFor`.
    ///   - guideFor: the inference under test: given simulated data (by
    ///     site name) and a context, returns a guide for the posterior.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for fewer
    ///   than 20 simulations or guide draws, or a site that is not a scalar
    ///   latent; and what the model and the guide throw.
    public init<Scalar: TensorScalar, M, G>(
        model: @escaping (ModelContext<Scalar>) throws -> M, site: String, observedSites: [String],
        simulations: Int, guideDraws: Int = 1_000, seed: UInt64 = 0,
        guideFor: ([String: Tensor<Scalar>], ModelContext<Scalar>) throws -> (ModelContext<Scalar>) throws -> G
    ) throws {
        guard simulations >= 20, guideDraws >= 20 else {
            throw InferenceError.invalidArgument(name: "simulations", reason: "need at least 20 simulations and 20 guide draws")
        }
        let context = ModelContext<Scalar>(seed: seed)
        var quantiles: [Double] = []
        for _ in 0..<simulations {
            let simulated = try withoutGradients {
                try context.trace(unconditioning(model))
            }
            guard let truth = simulated[site]?.value, truth.count == 1, simulated[site]?.isObserved == false else {
                throw InferenceError.invalidArgument(name: site, reason: "must be a scalar latent site of the model")
            }
            var data: [String: Tensor<Scalar>] = [:]
            for name in observedSites {
                guard let value = simulated[name]?.value else {
                    throw InferenceError.invalidArgument(name: name, reason: "is not a site of the model")
                }
                data[name] = value.detached
            }
            let guide = try guideFor(data, context)
            let target = Double(try truth.scalarValue)
            let below = try withoutGradients {
                try (0..<guideDraws).reduce(0) { count, _ in
                    let draw = try context.trace(guide)[site]?.value?.scalarValue
                    guard let draw else { throw InferenceError.guideMismatch(site: site, reason: "the guide has no such site") }
                    return count + (Double(draw) < target ? 1 : 0)
                }
            }
            quantiles.append((Double(below) + 0.5) / Double(guideDraws + 1))
        }
        self.quantiles = quantiles
    }

    /// The Kolmogorov–Smirnov p-value of p against Uniform(0, 1): small
    /// when the guide is too narrow, too wide or biased.
    public var uniformityPValue: Double {
        KolmogorovSmirnov(sample: quantiles, cdf: { Swift.min(Swift.max($0, 0), 1) }).pValue
    }

    /// The two-sided sign-test p-value of "p is symmetric about ½": the
    /// count above ½ is Binomial(M, ½) under symmetry (normal approximation
    /// with continuity correction). Small when the guide is biased.
    public var symmetryPValue: Double {
        let m = Double(quantiles.count)
        let above = Double(quantiles.filter { $0 > 0.5 }.count)
        let z = Swift.max(Swift.abs(above - m / 2) - 0.5, 0) / (m.squareRoot() / 2)
        return Swift.min(1, SpecialFunctions.erfc(z / 2.0.squareRoot()))
    }
}
