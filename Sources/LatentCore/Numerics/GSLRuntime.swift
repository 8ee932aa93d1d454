internal import CGSL

/// GSL's process-wide setup, done once before any GSL call.
enum GSLRuntime {
    /// GSL's default error handler calls `abort()`. Switching it off makes
    /// every GSL function return its status code instead, which the wrappers
    /// turn into ``SpecialFunctionError``. Swift runs this initialiser exactly
    /// once, thread-safely.
    static let abortDisabled: Void = latent_gsl_disable_abort()

    /// Evaluates a GSL `_e` function and reads its status: success,
    /// underflow (the value is 0 or subnormal, which is right) and overflow
    /// (the value is ±∞, documented per function) give the value; anything
    /// else is an error naming the function.
    static func evaluate(
        _ function: String, _ arguments: [Double],
        _ call: (UnsafeMutablePointer<gsl_sf_result>) -> Int32
    ) throws(SpecialFunctionError) -> Double {
        _ = abortDisabled
        var result = gsl_sf_result(val: 0, err: 0)
        let status = call(&result)
        switch Int(status) {
        case GSL_SUCCESS, GSL_EUNDRFLW:
            return result.val
        case GSL_EOVRFLW:
            return result.val.isFinite ? .infinity : result.val
        case GSL_EDOM:
            throw .domain(function: function, arguments: arguments)
        default:
            throw .evaluationFailed(function: function, arguments: arguments, reason: String(cString: gsl_strerror(status)))
        }
    }
}

/// Why a special function could not give a value.
public enum SpecialFunctionError: Error, Equatable, CustomStringConvertible {
    /// The `arguments` are outside the domain of `function`.
    case domain(function: String, arguments: [Double])
    /// `function` could not reach the requested accuracy at `arguments` (a GSL
    /// error, or a series or continued fraction that did not converge);
    /// `reason` says which (GSL's own message for a GSL error).
    case evaluationFailed(function: String, arguments: [Double], reason: String)

    /// A one-line message naming the function, its arguments and what went wrong.
    public var description: String {
        switch self {
        case let .domain(function, arguments):
            "\(function)\(arguments.map { "\($0)" }) is outside the function's domain"
        case let .evaluationFailed(function, arguments, reason):
            "\(function)\(arguments.map { "\($0)" }) failed: \(reason)"
        }
    }
}
