/// The exact posterior mean and standard deviation of every scalar
/// parameter of a model, named as in its Stan program (`beta[1]`, `sigma`,
/// `theta_trans[3]`), computed without sampling (closed forms and
/// deterministic quadrature), for tests that check a fitted approximation.
public struct PosteriorReference: Sendable {
    /// The posterior, as posteriordb names it (`kidiq-kidscore_momiq`).
    public let posterior: String
    /// The parameter names in the order of the Stan program.
    public let parameters: [String]
    /// E[parameter | data].
    public let mean: [String: Double]
    /// sd[parameter | data].
    public let sd: [String: Double]
    /// An estimate of the numerical error (quadrature, rounding) of every
    /// mean and sd, in units of that parameter's posterior sd: a test's
    /// tolerance should sit well above it.
    public let numericalError: Double

    /// A reference from parameter names and their means and sds, in order.
    init(posterior: String, parameters: [String], means: [Double], sds: [Double], numericalError: Double) {
        self.posterior = posterior
        self.parameters = parameters
        self.mean = Dictionary(uniqueKeysWithValues: zip(parameters, means))
        self.sd = Dictionary(uniqueKeysWithValues: zip(parameters, sds))
        self.numericalError = numericalError
    }
}

/// Stan's names for the elements of a vector parameter: `name[1]` … `name[count]`.
func stanNames(_ name: String, count: Int) -> [String] {
    (1...count).map { "\(name)[\($0)]" }
}
