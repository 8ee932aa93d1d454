import Foundation

extension PosteriorReference {
    /// low_dim_gauss_mix-low_dim_gauss_mix: two normal components
    /// (μ ordered ~ N(0, 2), σₖ ~ HalfNormal(2), weight θ ~ Beta(5, 5)) and
    /// N = 1000 observations. No closed form: the moments come from a
    /// product Gauss–Hermite rule of `nodesPerAxis` nodes on each of the
    /// five unconstrained axes, centred at the mode and scaled by the
    /// Laplace covariance (``laplaceCentredMoments``), where the posterior
    /// is nearly Gaussian. The error is estimated as the largest change of
    /// a mean or sd, in posterior sds, from the rule with two fewer nodes.
    ///
    /// 9 nodes (59,049 evaluations of the 1000-term likelihood, plus 16,807
    /// for the estimate) give an error estimate below 10⁻⁴ sd.
    public static func gaussianMixture(_ data: PosteriorData, nodesPerAxis: Int = 9) throws -> PosteriorReference {
        let name = "low_dim_gauss_mix-low_dim_gauss_mix"
        guard nodesPerAxis >= 3 else {
            throw PosteriorReferenceError.quadratureFailed(
                integral: name, reason: "\(nodesPerAxis) nodes per axis; the error estimate needs at least 3")
        }
        let posterior = GaussianMixturePosterior(y: try data.vector("y"))
        let start = [-2.0, log(4.0), 0, 0, 0]
        let (mode, hessian) = try posteriorMode(of: posterior.logDensity, from: start, name: name)
        let moments = { (nodes: Int) in
            try laplaceCentredMoments(
                of: posterior.logDensity, mode: mode, hessian: hessian, nodesPerAxis: nodes, quantities: posterior.constrained)
        }
        let fine = try moments(nodesPerAxis), coarse = try moments(nodesPerAxis - 2)
        let error = fine.sds.indices.map { k in
            max(abs(fine.means[k] - coarse.means[k]), abs(fine.sds[k] - coarse.sds[k])) / fine.sds[k]
        }.max()!
        return PosteriorReference(
            posterior: name, parameters: stanNames("mu", count: 2) + stanNames("sigma", count: 2) + ["theta"],
            means: fine.means, sds: fine.sds, numericalError: error)
    }
}
