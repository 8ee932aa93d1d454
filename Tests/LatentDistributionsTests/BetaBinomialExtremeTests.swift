import LatentCore
import LatentDistributions
import Testing

/// The beta-binomial where counts and concentrations are both large (10⁸ to
/// 10¹⁵, and 10⁻³ beside 10⁹), against 50-digit mpmath values: log P as
/// log C(n, k) + log B(k + a, n − k + b) − log B(a, b) from `mpmath.loggamma`
/// at 50 digits (the terms reach 4·10¹⁶, leaving 33 digits), the moments in
/// closed form, the entropy as the exact sum of −P log P over the mean
/// ± 15 sub-Gaussian standard deviations (by the recurrence of P(k + 1)/P(k))
/// or, at a, b ≥ 10⁸ and variance above 10¹⁰, the Gaussian limit
/// ½ log(2πe·v) − γ₁²/12. The rows are in the format of the generated
/// table; all but the last six are what `Tools/high_precision_references.py`
/// emits for its BetaBinomial settings (to be moved into the generated table
/// when it is next regenerated).
///
/// Tolerance: 1e-10 relative, as in `HighPrecisionReferenceTests`, on a floor
/// of 1 for log P (a difference of terms of order 1 and beyond) and of
/// 1e-300 for the moments and the entropy (sums of positive terms, each to
/// its own relative precision, so that relative accuracy is meaningful down
/// to underflow: 1e-3 nats at a = 10⁻³, b = 10⁹).
@Suite("Beta-binomial at huge counts and concentrations")
struct BetaBinomialExtremeTests {
    static let rows: [ReferenceRow] = [
        "BetaBinomial;100000000.0 100000000.0 100000000.0;logProb;0.0;-52324814.52029582",
        "BetaBinomial;100000000.0 100000000.0 100000000.0;logProb;33333333.0;-3807629.768156039",
        "BetaBinomial;100000000.0 100000000.0 100000000.0;logProb;49981629.0;-14.138779566170898",
        "BetaBinomial;100000000.0 100000000.0 100000000.0;logProb;50000000.0;-9.638864281591658",
        "BetaBinomial;100000000.0 100000000.0 100000000.0;logProb;50018371.0;-14.138779566170898",
        "BetaBinomial;100000000.0 100000000.0 100000000.0;logProb;100000000.0;-52324814.52029582",
        "BetaBinomial;100000000.0 100000000.0 100000000.0;mean;0.0;50000000.0",
        "BetaBinomial;100000000.0 100000000.0 100000000.0;variance;0.0;37499999.8125",
        "BetaBinomial;1000000000000000.0 100000000.0 100000000.0;logProb;0.0;-1573180144.3304152",
        "BetaBinomial;1000000000000000.0 100000000.0 100000000.0;logProb;333333333333333.0;-11778326.155509813",
        "BetaBinomial;1000000000000000.0 100000000.0 100000000.0;logProb;499893933972480.0;-29.707653920348612",
        "BetaBinomial;1000000000000000.0 100000000.0 100000000.0;logProb;500000000000000.0;-25.20765388654925",
        "BetaBinomial;1000000000000000.0 100000000.0 100000000.0;logProb;500106066027519.0;-29.70765392026376",
        "BetaBinomial;1000000000000000.0 100000000.0 100000000.0;logProb;1000000000000000.0;-1573180144.3304152",
        "BetaBinomial;1000000000000000.0 100000000.0 100000000.0;mean;0.0;500000000000000.0",
        "BetaBinomial;1000000000000000.0 100000000.0 100000000.0;variance;0.0;1.2500002437499988e+21",
        "BetaBinomial;100000000.0 10000000000.0 10000000000.0;logProb;0.0;-69065960.81336367",
        "BetaBinomial;100000000.0 10000000000.0 10000000000.0;logProb;33333333.0;-5635671.243641837",
        "BetaBinomial;100000000.0 10000000000.0 10000000000.0;logProb;49984963.0;-13.938354257139967",
        "BetaBinomial;100000000.0 10000000000.0 10000000000.0;logProb;50000000.0;-9.438625497876492",
        "BetaBinomial;100000000.0 10000000000.0 10000000000.0;logProb;50015037.0;-13.938354257139967",
        "BetaBinomial;100000000.0 10000000000.0 10000000000.0;logProb;100000000.0;-69065960.81336367",
        "BetaBinomial;100000000.0 10000000000.0 10000000000.0;mean;0.0;50000000.0",
        "BetaBinomial;100000000.0 10000000000.0 10000000000.0;variance;0.0;25124999.99874375",
        "BetaBinomial;1000000000000000.0 10000000000.0 10000000000.0;logProb;0.0;-111266461037.68329",
        "BetaBinomial;1000000000000000.0 10000000000.0 10000000000.0;logProb;333333333333333.0;-1177805379.8927925",
        "BetaBinomial;1000000000000000.0 10000000000.0 10000000000.0;logProb;499989393292217.0;-27.40507869253833",
        "BetaBinomial;1000000000000000.0 10000000000.0 10000000000.0;logProb;500000000000000.0;-22.905078692217714",
        "BetaBinomial;1000000000000000.0 10000000000.0 10000000000.0;logProb;500010606707783.0;-27.40507869253833",
        "BetaBinomial;1000000000000000.0 10000000000.0 10000000000.0;logProb;1000000000000000.0;-111266461037.68329",
        "BetaBinomial;1000000000000000.0 10000000000.0 10000000000.0;mean;0.0;500000000000000.0",
        "BetaBinomial;1000000000000000.0 10000000000.0 10000000000.0;variance;0.0;1.2500249999374987e+19",
        "BetaBinomial;100000000.0 0.001 1000000000.0;logProb;0.0;-9.531017984973395e-05",
        "BetaBinomial;100000000.0 0.001 1000000000.0;logProb;33333333.0;-85721960.86697794",
        "BetaBinomial;100000000.0 0.001 1000000000.0;logProb;100000000.0;-335099722.2167622",
        "BetaBinomial;100000000.0 0.001 1000000000.0;mean;0.0;9.99999999999e-05",
        "BetaBinomial;100000000.0 0.001 1000000000.0;variance;0.0;0.00010999999988977",
        "BetaBinomial;1000000000000000.0 0.001 1000000000.0;logProb;0.0;-0.013815511558463275",
        "BetaBinomial;1000000000000000.0 0.001 1000000000.0;logProb;1000.0;-13.822842419727555",
        "BetaBinomial;1000000000000000.0 0.001 1000000000.0;logProb;95868.0;-18.476119150873146",
        "BetaBinomial;1000000000000000.0 0.001 1000000000.0;logProb;333333333333333.0;-405464898.0306257",
        "BetaBinomial;1000000000000000.0 0.001 1000000000.0;logProb;1000000000000000.0;-14815511074.293257",
        "BetaBinomial;1000000000000000.0 0.001 1000000000.0;mean;0.0;999.999999999",
        "BetaBinomial;1000000000000000.0 0.001 1000000000.0;variance;0.0;1000000998.996999",
        "BetaBinomial;1000000000000000.0 1000000000.0 0.001;logProb;0.0;-14815511074.293257",
        "BetaBinomial;1000000000000000.0 1000000000.0 0.001;logProb;333333333333333.0;-1098611328.591005",
        "BetaBinomial;1000000000000000.0 1000000000.0 0.001;logProb;999999999904132.0;-18.476119150873146",
        "BetaBinomial;1000000000000000.0 1000000000.0 0.001;logProb;999999999999000.0;-13.822842419727555",
        "BetaBinomial;1000000000000000.0 1000000000.0 0.001;logProb;1000000000000000.0;-0.013815511558463275",
        "BetaBinomial;1000000000000000.0 1000000000.0 0.001;mean;0.0;999999999999000.0",
        "BetaBinomial;1000000000000000.0 1000000000.0 0.001;variance;0.0;1000000998.996999",
        "BetaBinomial;1000000000000000.0 100000000.0 10000000000.0;logProb;0.0;-1150795209.8799503",
        "BetaBinomial;1000000000000000.0 100000000.0 10000000000.0;logProb;9898034528074.0;-26.12787513032173",
        "BetaBinomial;1000000000000000.0 100000000.0 10000000000.0;logProb;9900990099010.0;-21.627283924679254",
        "BetaBinomial;1000000000000000.0 100000000.0 10000000000.0;logProb;9903945669946.0;-26.12669302666573",
        "BetaBinomial;1000000000000000.0 100000000.0 10000000000.0;logProb;333333333333333.0;-3603472964.684201",
        "BetaBinomial;1000000000000000.0 100000000.0 10000000000.0;logProb;1000000000000000.0;-124568290291.62231",
        "BetaBinomial;1000000000000000.0 100000000.0 10000000000.0;mean;0.0;9900990099009.9",
        "BetaBinomial;1000000000000000.0 100000000.0 10000000000.0;variance;0.0;9.705999507920396e+17",
        "BetaBinomial;100000000.0 100000000.0 100000000.0;entropy;0.0;10.138864276174992",
        "BetaBinomial;1000000000000000.0 100000000.0 100000000.0;entropy;0.0;25.707653882799246",
        "BetaBinomial;100000000.0 10000000000.0 10000000000.0;entropy;0.0;9.93862549535143",
        "BetaBinomial;1000000000000000.0 10000000000.0 10000000000.0;entropy;0.0;23.40507869218021",
        "BetaBinomial;100000000.0 0.001 1000000000.0;entropy;0.0;0.000996611443303501",
        "BetaBinomial;1000000000000000.0 100000000.0 10000000000.0;entropy;0.0;22.12728392056167",
        // Beyond the generator's 50 digits (log-gammas of 7e302, or of 690
        // cancelling to 1e-299): the same formula at 700 digits. The first
        // two were −128 and NaN (a + b + n overflowed in the variance's
        // numerator), the fourth +∞, the last off by 1.6e-5.
        "BetaBinomial;1000000000000000.0 1e+300 1e+300;logProb;500000000000000.0;-17.49517955010007",
        "BetaBinomial;1000000000000000.0 1e+300 1e+300;variance;0.0;250000000000000.0",
        "BetaBinomial;1000000000000000.0 1e+300 1e+300;mean;0.0;500000000000000.0",
        "BetaBinomial;1000000000000000.0 1e-300 1.0;logProb;0.0;-3.511599205981222e-299",
        "BetaBinomial;1000000000000000.0 1e-300 1.0;logProb;7.0;-692.721438047269",
        "BetaBinomial;1e+17 10000000000.0 10000000000.0;logProb;5e+16;-27.510238978305793",
    ].map(ReferenceRow.init(line:))

    @Test(arguments: rows)
    func valueMatchesTheReference(_ row: ReferenceRow) throws {
        let value = try row.evaluate()
        let floor = row.function == "logProb" ? 1 : 1e-300
        #expect(abs(value - row.expected) <= 1e-10 * max(floor, abs(row.expected)), "\(row): \(value), exact \(row.expected)")
    }

    /// At n = 10¹⁵, a = 10⁻³, b = 10⁹ the mass spreads over some 10⁷ counts
    /// (a tail of the mixing beta's spike at 0) and no asymptotic series
    /// applies: refused with a typed error, never a sum cut short.
    @Test func entropyBeyondTheSummedWindowIsRefused() throws {
        #expect(throws: SpecialFunctionError.self) {
            try BetaBinomial(totalCount: 1e15, concentration1: 1e-3, concentration0: 1e9).entropy()
        }
    }

    /// The Gaussian limit's partials in a and b against central differences
    /// of the entropy with steps of 10⁻⁴ relative (H ≈ 25 rounds at 4e-15,
    /// so the quotient is good to 1e-10 absolute; the partials are ≈ 1e-9
    /// to 1e-8, and 1e-3 relative bounds the truncation with room).
    @Test func gaussianLimitPartialsMatchFiniteDifferences() throws {
        let (n, a, b) = (1e15, 2e8, 3e8)
        let entropy = { (a: Double, b: Double) in
            try BetaBinomial(totalCount: n, concentration1: a, concentration0: b).entropy().scalarValue
        }
        let gradient = try valueWithGradient(at: [Tensor(a), Tensor(b)]) {
            try BetaBinomial(totalCount: Tensor(n), concentration1: $0[0], concentration0: $0[1]).entropy()
        }.gradients
        let (ha, hb) = (a * 1e-4, b * 1e-4)
        let inA = try (entropy(a + ha, b) - entropy(a - ha, b)) / (2 * ha)
        let inB = try (entropy(a, b + hb) - entropy(a, b - hb)) / (2 * hb)
        let (partialA, partialB) = try (gradient[0].scalarValue, gradient[1].scalarValue)
        #expect(abs(partialA - inA) <= 1e-3 * abs(inA) + 1e-10 / ha, "∂H/∂a \(partialA) vs \(inA)")
        #expect(abs(partialB - inB) <= 1e-3 * abs(inB) + 1e-10 / hb, "∂H/∂b \(partialB) vs \(inB)")
    }

    /// At a = b the beta-binomial is symmetric, with excess kurtosis of
    /// order 1/(a + b); at a = b = 10⁸ and n = 10⁸ or 10¹⁵ the standardised
    /// draws (k − n/2)/σ are normal far beyond what 20,000 draws resolve
    /// (KS at the false-failure rate of `SamplerChecks`, fixed seed).
    @Test(arguments: [1e8, 1e15])
    func drawsAtHugeConcentrationsAreNormal(n: Double) throws {
        let distribution = try BetaBinomial(totalCount: n, concentration1: 1e8, concentration0: 1e8)
        let sd = try distribution.variance.scalarValue.squareRoot()
        let xs = try SamplerChecks.draws(distribution, 20_000)
        SamplerChecks.expectFollows(xs.map { ($0 - n / 2) / sd }, cdf: SamplerChecks.normalCDF, "BetaBinomial(\(n), 1e8, 1e8) standardised")
    }
}

extension ReferenceRow {
    /// A row from one line of the table's format: family;parameters;function;argument;value.
    init(line: String) {
        let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        self.init(
            family: fields[0], parameters: fields[1].split(separator: " ").map { Double(String($0))! }, function: fields[2],
            argument: Double(fields[3])!, expected: Double(fields[4])!)
    }
}
