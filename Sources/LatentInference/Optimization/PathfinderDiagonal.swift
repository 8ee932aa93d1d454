import LatentCore

/// The diagonal estimate of the inverse Hessian that Pathfinder uses as
/// H₀ (Zhang et al. 2022, Algorithm 3; Gilbert & Lemaréchal 1989, eq. 4.9).
enum PathfinderDiagonal {
    /// α updated by the pair (s, y): the diagonal of the BFGS update of the
    /// Hessian estimate (a/b)·diag(α)⁻¹, inverted,
    ///
    ///     αᵢ ← b / (a/αᵢ + yᵢ² − (a/c)(sᵢ/αᵢ)²),
    ///
    /// with a = yᵀdiag(α)y, b = yᵀs, c = sᵀdiag(α)⁻¹s. The scaling a/b
    /// matches α to the curvature seen along s. An update that would make
    /// an entry non-positive or non-finite is not taken.
    static func updated<Scalar: TensorScalar>(_ alpha: [Scalar], step s: [Scalar], gradientChange y: [Scalar]) -> [Scalar] {
        var a: Scalar = 0, c: Scalar = 0
        for i in alpha.indices {
            a += y[i] * alpha[i] * y[i]
            c += s[i] * s[i] / alpha[i]
        }
        let b = FlatVector.dot(y, s)
        var updated = alpha
        for i in alpha.indices {
            let ratio = s[i] / alpha[i]
            updated[i] = b / (a / alpha[i] + y[i] * y[i] - (a / c) * ratio * ratio)
            guard updated[i] > 0, updated[i].isFinite else { return alpha }
        }
        return updated
    }
}
