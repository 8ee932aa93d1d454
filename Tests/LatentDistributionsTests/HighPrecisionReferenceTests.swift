import LatentCore
import LatentDistributions
import Testing

/// Every scalar family's logProb, cdf, icdf, mean, variance and entropy at
/// tails and extreme parameters, in Double, against 50-digit mpmath values
/// (`HighPrecisionReferenceTable.swift`, written by
/// `Tools/high_precision_references.py`).
///
/// Tolerance: |ours − exact| ≤ 1e-10·max(floor, |exact|). The floor is 1 for
/// log-densities and entropies (an absolute 1e-10 nats where the value is
/// near 0: log p is a difference of terms of size ≥ 1, so relative accuracy
/// near its zero is not meaningful), and 1e-300 otherwise (relative, down to
/// where results become subnormal). 1e-10 leaves a margin of 10⁵–10⁶
/// roundings for the conditioning of the formulas at these arguments; it is
/// far below the errors being guarded against (whole nats, or quantiles and
/// tail probabilities wrong in their leading digit). Infinities and NaN must
/// match exactly.
@Suite("High-precision references at the extremes")
struct HighPrecisionReferenceTests {
    /// Rows deliberately out of reach, each refused with a typed error
    /// instead of a wrong number, and why.
    static let outOfReach: [String: String] = [
        "BetaBinomial[100000000.0, 1.0, 1.0].entropy(0.0)":
            "an exact sum over 10⁸ + 1 counts is refused; no asymptotic series is implemented for the beta-binomial",
    ]

    @Test(arguments: ReferenceRow.all)
    func valueMatchesTheReference(_ row: ReferenceRow) throws {
        if let reason = Self.outOfReach[row.testDescription] {
            #expect(throws: SpecialFunctionError.self, "\(row) should be refused: \(reason)") { try row.evaluate() }
            return
        }
        try Self.check(row)
    }

    static func check(_ row: ReferenceRow) throws {
        let value = try row.evaluate()
        let exact = row.expected
        if exact.isNaN || exact.isInfinite {
            #expect(value.isNaN == exact.isNaN && (exact.isNaN || value == exact), "\(row): \(value), exact \(exact)")
            return
        }
        let floor = row.function == "logProb" || row.function == "entropy" ? 1 : 1e-300
        #expect(abs(value - exact) <= 1e-10 * max(floor, abs(exact)), "\(row): \(value), exact \(exact)")
    }
}

/// One line of the reference table.
struct ReferenceRow: Sendable, CustomTestStringConvertible {
    let family: String
    let parameters: [Double]
    /// logProb, cdf, icdf, mean, variance or entropy.
    let function: String
    /// The value, or the probability for icdf (unused by the moments).
    let argument: Double
    let expected: Double

    /// A row from one line of the table's format: family;parameters;function;argument;value.
    init(line: String) {
        let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        family = fields[0]
        parameters = fields[1].split(separator: " ").map { Double(String($0))! }
        function = fields[2]
        argument = Double(fields[3])!
        expected = Double(fields[4])!
    }

    var testDescription: String { "\(family)\(parameters).\(function)(\(argument))" }

    /// The table's rows, parsed once.
    static let all: [ReferenceRow] = highPrecisionReferenceTable.split(separator: "\n").map { ReferenceRow(line: String($0)) }

    /// The function of the family at the row's parameters and argument.
    func evaluate() throws -> Double {
        let distribution = try build()
        let x = Tensor(argument)
        switch function {
        case "logProb":
            return try distribution.logProb(of: x).scalarValue
        case "cdf", "icdf":
            let withCDF = try #require(distribution as? any DistributionWithCDF<Double>, "\(family) has no cdf")
            return try (function == "cdf" ? withCDF.cdf(x) : withCDF.icdf(x)).scalarValue
        case "mean", "variance":
            // The von Mises rows hold its circular mean and circular variance.
            if let vonMises = distribution as? VonMises<Double> {
                return try (function == "mean" ? vonMises.circularMean : vonMises.circularVariance).scalarValue
            }
            let withMoments = try #require(distribution as? any DistributionWithMoments<Double>, "\(family) has no moments")
            return try (function == "mean" ? withMoments.mean : withMoments.variance).scalarValue
        default:
            let withEntropy = try #require(distribution as? any DistributionWithEntropy<Double>, "\(family) has no entropy")
            return try withEntropy.entropy().scalarValue
        }
    }

    private func build() throws -> any Distribution<Double> {
        let p = parameters
        switch family {
        case "Normal": return try Normal(loc: p[0], scale: p[1])
        case "LogNormal": return try LogNormal(loc: p[0], scale: p[1])
        case "HalfNormal": return try HalfNormal(scale: p[0])
        case "Cauchy": return try Cauchy(loc: p[0], scale: p[1])
        case "HalfCauchy": return try HalfCauchy(scale: p[0])
        case "Laplace": return try Laplace(loc: p[0], scale: p[1])
        case "Logistic": return try Logistic(loc: p[0], scale: p[1])
        case "Gumbel": return try Gumbel(loc: p[0], scale: p[1])
        case "Uniform": return try Uniform(low: p[0], high: p[1])
        case "Exponential": return try Exponential(rate: p[0])
        case "Weibull": return try Weibull(scale: p[0], concentration: p[1])
        case "Pareto": return try Pareto(scale: p[0], alpha: p[1])
        case "Gamma": return try Gamma(concentration: p[0], rate: p[1])
        case "ChiSquared": return try ChiSquared(degreesOfFreedom: p[0])
        case "InverseGamma": return try InverseGamma(concentration: p[0], scale: p[1])
        case "Beta": return try Beta(concentration1: p[0], concentration0: p[1])
        case "StudentT": return try StudentT(degreesOfFreedom: p[0], loc: p[1], scale: p[2])
        case "ContinuousBernoulli": return try ContinuousBernoulli(probs: p[0])
        case "VonMises": return try VonMises(loc: p[0], concentration: p[1])
        case "RelaxedBernoulli": return try RelaxedBernoulli(temperature: p[0], probs: p[1])
        case "BernoulliProbs": return try Bernoulli(probs: p[0])
        case "BernoulliLogits": return try Bernoulli(logits: p[0])
        case "BinomialProbs": return try Binomial(totalCount: p[0], probs: p[1])
        case "BinomialLogits": return try Binomial(totalCount: p[0], logits: p[1])
        case "Poisson": return try Poisson(rate: p[0])
        case "GeometricProbs": return try Geometric(probs: p[0])
        case "GeometricLogits": return try Geometric(logits: p[0])
        case "NegativeBinomial": return try NegativeBinomial(totalCount: p[0], probs: p[1])
        case "BetaBinomial": return try BetaBinomial(totalCount: p[0], concentration1: p[1], concentration0: p[2])
        default: throw ReferenceTableError.unknownFamily(family)
        }
    }
}

enum ReferenceTableError: Error {
    case unknownFamily(String)
}
