import LatentCore

/// An argument that a ready model, its data generator or its fitting cannot
/// use, naming the argument and what was wrong with it.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// A tensor argument whose shape is not the one the model needs;
    /// `expected` states it, in terms of the other arguments where it
    /// depends on them ("[n] for covariates of shape [n, d]").
    case shapeMismatch(argument: String, shape: [Int], expected: String)
    /// A data argument holding a NaN or an infinite value.
    case nonFiniteValue(argument: String)
    /// A count (batch size, latent dimension, steps, draws, images) outside
    /// the range the data allow; an upper bound of `Int.max` means none.
    case countOutOfRange(argument: String, value: Int, valid: ClosedRange<Int>)
    /// A scale or weight that must be positive and finite.
    case notPositive(argument: String, value: Double)
    /// A label the likelihood cannot produce; `allowed` lists the values it can.
    case invalidLabel(argument: String, value: Double, allowed: String)

    /// A one-line message naming the argument, the value and what was expected.
    public var description: String {
        switch self {
        case let .shapeMismatch(argument, shape, expected):
            "\(argument) has shape \(shape), expected \(expected)"
        case let .nonFiniteValue(argument):
            "\(argument) holds a NaN or an infinite value"
        case let .countOutOfRange(argument, value, valid) where valid.upperBound == Int.max:
            "\(argument) must be at least \(valid.lowerBound), got \(value)"
        case let .countOutOfRange(argument, value, valid):
            "\(argument) must be in \(valid.lowerBound)…\(valid.upperBound), got \(value)"
        case let .notPositive(argument, value):
            "\(argument) must be positive and finite, got \(value)"
        case let .invalidLabel(argument, value, allowed):
            "\(argument) holds \(value), not one of \(allowed)"
        }
    }
}

extension ModelError {
    /// - Throws: ``countOutOfRange(argument:value:valid:)`` unless `value` lies in `valid`.
    static func checkCount(_ argument: String, _ value: Int, in valid: ClosedRange<Int>) throws {
        guard valid.contains(value) else { throw countOutOfRange(argument: argument, value: value, valid: valid) }
    }

    /// - Throws: ``countOutOfRange(argument:value:valid:)`` unless `value` is at least `minimum`.
    static func checkCount(_ argument: String, _ value: Int, atLeast minimum: Int) throws {
        try checkCount(argument, value, in: minimum...Int.max)
    }

    /// - Throws: ``notPositive(argument:value:)`` unless `value` is positive and finite.
    static func checkPositive(_ argument: String, _ value: Double) throws {
        guard value > 0, value.isFinite else { throw notPositive(argument: argument, value: value) }
    }

    /// Checks a regression's data: `covariates` an n×d matrix of finite
    /// values (n, d ≥ 1) and the argument `name`, `responses`, n values.
    /// - Throws: ``shapeMismatch(argument:shape:expected:)`` or ``nonFiniteValue(argument:)``.
    static func checkRegressionData(covariates: Tensor<Double>, responses: Tensor<Double>, named name: String) throws {
        guard covariates.rank == 2, covariates.count > 0 else {
            throw shapeMismatch(argument: "covariates", shape: covariates.shape, expected: "[n, d] with n, d ≥ 1")
        }
        guard responses.shape == [covariates.shape[0]] else {
            throw shapeMismatch(argument: name, shape: responses.shape, expected: "[\(covariates.shape[0])] for covariates of shape \(covariates.shape)")
        }
        try checkFinite("covariates", covariates)
    }

    /// - Throws: ``nonFiniteValue(argument:)`` when `data` holds a NaN or an infinity.
    static func checkFinite(_ argument: String, _ data: Tensor<Double>) throws {
        guard data.isFinite else { throw nonFiniteValue(argument: argument) }
    }
}
