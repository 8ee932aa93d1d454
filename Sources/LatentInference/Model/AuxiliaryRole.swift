/// What a guide-only (auxiliary) site stands for: it enters the guide's
/// log-density but has no counterpart in the model.
public enum AuxiliaryRole: Sendable, Equatable {
    /// A draw the guide's latent values are read from, such as an
    /// autoguide's joint draw of every site (``ModelContext/auxiliarySample(_:_:)``).
    case jointDraw
    /// A flow's base noise: the randomness the latent values are computed
    /// from (``ModelContext/baseNoise(_:_:)``). Estimators that
    /// differentiate log q through the latent values (STL, DReG) refuse it.
    case baseNoise
}
