import LatentCore

/// Elementwise summaries of S draws of one site (stacked on the first
/// axis, as ``Predictive/draw(_:in:)`` returns them).
public struct PosteriorSummary: Sendable, CustomStringConvertible {
    /// The shape of one draw.
    public let shape: [Int]
    /// The mean of each element of a draw, in row-major order.
    public let mean: [Double]
    /// The sample standard deviation of each element (divisor S − 1).
    public let standardDeviation: [Double]
    /// The 5% empirical quantile of each element: the lower end of a 90%
    /// credible interval.
    public let lower: [Double]
    /// The 95% empirical quantile of each element: the upper end of a 90%
    /// credible interval.
    public let upper: [Double]

    /// Summarises `draws`: S draws of one site stacked along the first axis.
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for fewer
    ///   than two draws.
    public init<Scalar: TensorScalar>(draws: Tensor<Scalar>) throws {
        guard draws.rank >= 1, draws.shape[0] >= 2 else {
            throw InferenceError.invalidArgument(name: "draws", reason: "need at least 2 draws along the first axis, got shape \(draws.shape)")
        }
        let count = draws.shape[0]
        let width = draws.count / count
        let scalars = draws.scalars.map { Double($0) }
        var mean: [Double] = [], sd: [Double] = [], lower: [Double] = [], upper: [Double] = []
        for j in 0..<width {
            let column = (0..<count).map { scalars[$0 * width + j] }
            let m = column.reduce(0, +) / Double(count)
            mean.append(m)
            sd.append((column.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(count - 1)).squareRoot())
            let sorted = column.sorted()
            lower.append(sorted[Int(0.05 * Double(count - 1))])
            upper.append(sorted[Int((0.95 * Double(count - 1)).rounded(.up))])
        }
        shape = Array(draws.shape.dropFirst())
        self.mean = mean
        standardDeviation = sd
        self.lower = lower
        self.upper = upper
    }

    /// One line per element: mean ± sd [5%, 95%].
    public var description: String {
        mean.indices.map { j in
            let index = mean.count == 1 ? "" : "[\(j)] "
            return "\(index)\(format(mean[j])) ± \(format(standardDeviation[j]))  90% [\(format(lower[j])), \(format(upper[j]))]"
        }.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String {
        let rounded = (value * 1_000).rounded() / 1_000
        return rounded == 0 ? "0.0" : "\(rounded)"
    }
}
