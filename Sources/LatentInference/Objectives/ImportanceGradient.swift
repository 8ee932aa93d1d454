/// How the gradient of an importance-weighted bound reaches the guide.
public enum ImportanceGradient: Sendable, Equatable {
    /// Pathwise through the draws and through log q's parameters (score
    /// function for sites without pathwise gradients).
    case standard
    /// Sticking the landing (Roeder et al. 2017): the score term
    /// ∂log q/∂φ at fixed z is dropped; exactly zero gradient at an exact
    /// guide. Unbiased for the ELBO (K = 1, or α → 1), biased for K > 1.
    case stickingTheLanding
    /// Doubly reparameterised (Tucker et al. 2019): the guide's gradient is
    /// Σₖ w̃ₖ² ∂log wₖ/∂zₖ · ∂zₖ/∂φ, unbiased for the IWAE bound (α = 0) and
    /// with a signal-to-noise ratio that grows with K; the model's is the
    /// usual Σₖ w̃ₖ ∇θ log wₖ.
    case doublyReparameterized
}
