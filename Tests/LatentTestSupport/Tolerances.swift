import LatentCore

/// How far a result computed in one precision may stray from its reference,
/// for the conformance checks. Each bound is set by the precision's unit
/// roundoff u (2⁻⁵³ for Double, 2⁻²⁴ ≈ 6.0e-8 for Float) and the
/// conditioning of the formula checked; Double's bounds sit far above its
/// rounding, so they catch a wrong formula, not a last-bit difference.
public struct Tolerances: Sendable {
    /// u, half the distance from 1 to the next representable number.
    public let unitRoundoff: Double
    /// The least relative error (absolute below 1) allowed of log p.
    public let logProbFloor: Double
    /// F(x) against its reference, absolute.
    public let cdf: Double
    /// F⁻¹(F(x)) against x, relative (absolute below 1), besides the
    /// error in F that the quantile function magnifies by 1/p(x).
    public let quantile: Double
    /// Where F(x) is closer than this to 0 or 1, x is too ill-determined by
    /// F(x) for the round trip to be checked.
    public let quantileEdge: Double
    /// dF/dx by reverse mode against p(x), relative.
    public let densitySlope: Double
    /// The relative rounding of a sum or closed form of many terms (a
    /// variance, an entropy, Σₖ P(k)).
    public let summation: Double
    /// A batch member's value against the same member built alone,
    /// relative (absolute below 1): the two evaluate one formula on
    /// different paths, so only a few roundings apart.
    public let batchAgreement: Double

    /// Tolerance of log p for a case of conditioning κ: 32·u·κ, and no
    /// less than `logProbFloor`. A log-density kernel is a dozen operations,
    /// each rounding within u of its largest term; 32 leaves room for
    /// special functions good to a few ulps (Float's worst case in the
    /// table is 9u·κ).
    public func logProb(conditioning κ: Double) -> Double {
        max(logProbFloor, 32 * unitRoundoff * κ)
    }

    /// Double: u = 1.1e-16, bounds 10⁴–10⁸ u.
    public static let double = Tolerances(
        unitRoundoff: 0x1p-53, logProbFloor: 1e-10, cdf: 1e-10, quantile: 1e-8, quantileEdge: 1e-8,
        densitySlope: 1e-8, summation: 1e-9, batchAgreement: 1e-13)

    /// Float: u = 6.0e-8. log p gets 32·u·κ (1.9e-6 where nothing cancels);
    /// F, computed through erfc, incomplete gamma or beta, gets 32u; the
    /// quantile's own error 64u; dF/dx by reverse mode and sums of many
    /// rounded terms 256u; batch agreement a few u.
    public static let float = Tolerances(
        unitRoundoff: 0x1p-24, logProbFloor: 0, cdf: 32 * 0x1p-24, quantile: 64 * 0x1p-24, quantileEdge: 1e-5,
        densitySlope: 256 * 0x1p-24, summation: 256 * 0x1p-24, batchAgreement: 8 * 0x1p-24)
}
