/// The outcome of ``gradientCheck(at:relativeStep:of:)`` for each argument.
public struct GradientCheckResult: Sendable {
    /// The gradients from reverse-mode differentiation.
    public let analytic: [Tensor<Double>]
    /// The gradients from central finite differences.
    public let numeric: [Tensor<Double>]

    /// For each argument, ‖analytic − numeric‖₂ / max(‖analytic‖₂, ‖numeric‖₂, 1):
    /// relative for gradients of size 1 and more, absolute below, where a
    /// relative error means nothing (a gradient that is exactly 0, such as a
    /// log-likelihood's at its maximum, has only rounding noise to compare).
    public var relativeErrors: [Double] {
        zip(analytic, numeric).map { a, n in
            let x = a.scalars, y = n.scalars
            let difference = zip(x, y).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            let scale = Swift.max(x.reduce(0) { $0 + $1 * $1 }, y.reduce(0) { $0 + $1 * $1 }, 1).squareRoot()
            return difference / scale
        }
    }

    /// The largest of ``relativeErrors``.
    public var maxRelativeError: Double { relativeErrors.max() ?? 0 }
}

/// Compares the reverse-mode gradient of a scalar function with central
/// finite differences, (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h with
/// h = `relativeStep`·max(|xᵢ|, 0.01): relative to the argument, so that a
/// small parameter (a probability of 0.01) is not stepped by a large
/// fraction of itself.
///
/// In Double the central difference has truncation error O(h²) and rounding
/// error O(ε/h); the default h ≈ 1e-5·|x| balances them near 1e-10 relative,
/// far below the 1e-6 that the tests demand of a correct rule.
/// - Throws: whatever `f` throws, or ``TensorError/nonScalarOutput(shape:)``.
public func gradientCheck(
    at arguments: [Tensor<Double>], relativeStep: Double = 1e-5,
    of f: ([Tensor<Double>]) throws -> Tensor<Double>
) throws -> GradientCheckResult {
    let analytic = try valueWithGradient(at: arguments, of: f).gradients
    var numeric: [Tensor<Double>] = []
    for (position, argument) in arguments.enumerated() {
        var estimate = [Double](repeating: 0, count: argument.count)
        let values = argument.scalars
        for i in 0..<argument.count {
            let x = values[i]
            let h = relativeStep * Swift.max(Swift.abs(x), 0.01)
            func value(at shifted: Double) throws -> Double {
                var moved = arguments
                moved[position].withUnsafeMutableScalars { $0[i] = shifted }
                return try f(moved).scalarValue
            }
            estimate[i] = (try value(at: x + h) - value(at: x - h)) / (2 * h)
        }
        numeric.append(try Tensor(shape: argument.shape, scalars: estimate))
    }
    return GradientCheckResult(analytic: analytic, numeric: numeric)
}
