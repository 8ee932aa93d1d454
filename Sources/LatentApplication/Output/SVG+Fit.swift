import Foundation

/// Pictures of a fit: the loss curve of an SVI run and a forest plot of
/// posterior draws.
extension SVG {
    /// One row of a forest plot: a scalar's posterior mean, its central 50 %
    /// interval (the 25 % and 75 % quantiles) and its central 90 % interval
    /// (the 5 % and 95 % quantiles).
    public struct ForestRow: Sendable, Equatable {
        /// The scalar's name, shown left of its row (`theta[0]`).
        public let label: String
        /// The posterior mean.
        public let mean: Double
        /// The central 50 % interval: the 25 % to the 75 % quantile.
        public let inner: ClosedRange<Double>
        /// The central 90 % interval: the 5 % to the 95 % quantile.
        public let outer: ClosedRange<Double>

        /// A row from its summary values, as given.
        public init(label: String, mean: Double, inner: ClosedRange<Double>, outer: ClosedRange<Double>) {
            self.label = label
            self.mean = mean
            self.inner = inner
            self.outer = outer
        }

        /// The row of the finite values among `draws` of one scalar, labelled
        /// `label`; quantiles by linear interpolation between order
        /// statistics (R's type 7, NumPy's default): q(p) = x₍ₖ₎ + f·(x₍ₖ₊₁₎ − x₍ₖ₎)
        /// with k + f = p·(n − 1). Nil when no draw is finite (a fit whose draws
        /// overflowed has nothing to plot).
        public init?(label: String, draws: [Double]) {
            let sorted = draws.filter(\.isFinite).sorted()
            guard !sorted.isEmpty else { return nil }
            func quantile(_ p: Double) -> Double {
                let position = p * Double(sorted.count - 1)
                let k = Int(position.rounded(.down)), fraction = position - Double(k)
                return k + 1 < sorted.count ? sorted[k] + fraction * (sorted[k + 1] - sorted[k]) : sorted[k]
            }
            self.init(
                label: label, mean: sorted.reduce(0, +) / Double(sorted.count),
                inner: quantile(0.25)...quantile(0.75), outer: quantile(0.05)...quantile(0.95))
        }
    }

    /// A forest plot: one row per scalar, top to bottom, its 90 % interval
    /// as a thin line, its 50 % interval as a thick one and its mean as a
    /// dot, over a shared axis (with a dashed line at 0 when 0 is in range).
    public static func forest(title: String, rows: [ForestRow]) -> String {
        let (width, margin, labelWidth, rowHeight) = (640.0, 40.0, 130.0, 22.0)
        let height = 2 * margin + 30 + rowHeight * Double(max(rows.count, 1))
        let low = rows.map(\.outer.lowerBound).min() ?? 0, high = rows.map(\.outer.upperBound).max() ?? 1
        let pad = high > low ? (high - low) * 0.05 : 1
        let (from, to) = (low - pad, high + pad)
        let (left, right) = (margin + labelWidth, width - margin)
        func x(_ value: Double) -> Double { left + (right - left) * (value - from) / (to - from) }
        let axisY = height - margin - 10
        var body = "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"white\"/>\n"
        body += "<text x=\"\(width / 2)\" y=\"\(margin / 2 + 6)\" font-size=\"15\" text-anchor=\"middle\">\(escape(title))</text>\n"
        body += "<line x1=\"\(left)\" y1=\"\(axisY)\" x2=\"\(right)\" y2=\"\(axisY)\" stroke=\"black\"/>\n"
        for tick in niceTicks(from: from, to: to) {
            body += "<line x1=\"\(x(tick))\" y1=\"\(axisY)\" x2=\"\(x(tick))\" y2=\"\(axisY + 4)\" stroke=\"black\"/>\n"
            body += "<text x=\"\(x(tick))\" y=\"\(axisY + 16)\" font-size=\"11\" text-anchor=\"middle\">\(tickLabel(tick))</text>\n"
        }
        if from < 0 && to > 0 {
            body += "<line x1=\"\(x(0))\" y1=\"\(margin)\" x2=\"\(x(0))\" y2=\"\(axisY)\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n"
        }
        for (index, row) in rows.enumerated() {
            let y = margin + 10 + rowHeight * (Double(index) + 0.5)
            body += "<text x=\"\(left - 8)\" y=\"\(y + 4)\" font-size=\"12\" text-anchor=\"end\">\(escape(row.label))</text>\n"
            body += "<line class=\"interval90\" x1=\"\(x(row.outer.lowerBound))\" y1=\"\(y)\" x2=\"\(x(row.outer.upperBound))\" y2=\"\(y)\" "
                + "stroke=\"#1f77b4\" stroke-width=\"1.5\"/>\n"
            body += "<line class=\"interval50\" x1=\"\(x(row.inner.lowerBound))\" y1=\"\(y)\" x2=\"\(x(row.inner.upperBound))\" y2=\"\(y)\" "
                + "stroke=\"#1f77b4\" stroke-width=\"5\"/>\n"
            body += "<circle class=\"mean\" cx=\"\(x(row.mean))\" cy=\"\(y)\" r=\"4\" fill=\"white\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n"
        }
        body += "<text x=\"\(right)\" y=\"\(height - 6)\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">"
            + "dot: mean; thick: 50 % interval; thin: 90 % interval</text>\n"
        return document(width, height, body)
    }

    /// The loss of every SVI step (negative ELBO, nats), drawn as the means
    /// of at most 600 equal runs of steps (a step's loss alone is one noisy
    /// draw), with the mean of each window of `window` steps the
    /// convergence rule compares marked as a dot: the rule's windows start
    /// at step `ruleStart` (after a trial it does not judge) and end at
    /// `ruleSteps`. The two windows it compared last are shaded, and the
    /// averaging phase after them (`averagingSteps`) is shaded apart. The
    /// vertical axis spans the run means from their least to their 98th
    /// percentile, so a first few steps far above the rest do not flatten
    /// the curve; points above it sit on the top edge.
    public static func lossCurve(
        title: String, losses: [Double], window: Int, ruleStart: Int = 0, ruleSteps: Int, averagingSteps: Int, converged: Bool
    ) -> String {
        let (width, height, margin) = (720.0, 420.0, 60.0)
        let count = max(losses.count, 1)
        let run = max(1, (count + 599) / 600)
        let runs = stride(from: 0, to: losses.count, by: run).map { start -> (step: Double, mean: Double) in
            let slice = losses[start..<min(start + run, losses.count)]
            return (Double(start) + Double(slice.count) / 2, slice.reduce(0, +) / Double(slice.count))
        }.filter { $0.mean.isFinite }
        let sortedMeans = runs.map(\.mean).sorted()
        let low = sortedMeans.first ?? 0
        let high = sortedMeans.isEmpty ? 1 : sortedMeans[Int(0.98 * Double(sortedMeans.count - 1))]
        let span = high > low ? high - low : 1
        func x(_ step: Double) -> Double { margin + (width - 2 * margin) * step / Double(count) }
        func y(_ loss: Double) -> Double { height - margin - (height - 2 * margin) * (min(loss, high) - low) / span }
        var body = frame(width, height, margin, title: title, xLabel: "SVI step", yLabel: "loss (−ELBO, nats)")
        let top = margin, bottom = height - margin
        if converged && ruleSteps >= 2 * window {
            let start = Double(ruleSteps - 2 * window)
            body += "<rect class=\"rule\" x=\"\(x(start))\" y=\"\(top)\" width=\"\(x(Double(ruleSteps)) - x(start))\" "
                + "height=\"\(bottom - top)\" fill=\"#ff7f0e\" fill-opacity=\"0.15\"/>\n"
            body += "<text x=\"\(x(start) + 4)\" y=\"\(top + 14)\" font-size=\"11\" fill=\"#b35900\">last two windows of \(window) steps: no progress</text>\n"
        }
        if averagingSteps > 0 {
            let start = Double(min(ruleSteps, losses.count))
            body += "<rect class=\"averaging\" x=\"\(x(start))\" y=\"\(top)\" width=\"\(x(Double(count)) - x(start))\" "
                + "height=\"\(bottom - top)\" fill=\"#2ca02c\" fill-opacity=\"0.12\"/>\n"
            body += "<text x=\"\(x(start) + 4)\" y=\"\(top + 30)\" font-size=\"11\" fill=\"#1e701e\">averaging (\(averagingSteps) steps)</text>\n"
        }
        if !converged {
            body += "<text x=\"\(width - margin)\" y=\"\(top - 8)\" font-size=\"11\" text-anchor=\"end\" fill=\"#d62728\">"
                + "the rule did not hold within the step limit</text>\n"
        }
        for value in niceTicks(from: low, to: low + span) {
            body += "<text x=\"\(margin - 6)\" y=\"\(y(value) + 4)\" font-size=\"11\" text-anchor=\"end\">\(tickLabel(value))</text>\n"
        }
        for tick in niceTicks(from: 0, to: Double(count)) {
            body += "<text x=\"\(x(tick))\" y=\"\(bottom + 16)\" font-size=\"11\" text-anchor=\"middle\">\(tickLabel(tick))</text>\n"
        }
        let points = runs.map { "\(x($0.step)),\(y($0.mean))" }.joined(separator: " ")
        body += "<polyline class=\"loss\" fill=\"none\" stroke=\"#7f7f7f\" stroke-width=\"1\" points=\"\(points)\"/>\n"
        if window > 0 {
            for start in stride(from: ruleStart, to: min(ruleSteps, losses.count) - window + 1, by: window) {
                let mean = losses[start..<(start + window)].reduce(0, +) / Double(window)
                guard mean.isFinite else { continue }
                body += "<circle class=\"window\" cx=\"\(x(Double(start) + Double(window) / 2))\" cy=\"\(y(mean))\" r=\"3\" fill=\"#1f77b4\"/>\n"
            }
        }
        return document(width, height, body)
    }

    /// About five round values (1, 2 or 5 times a power of ten apart) within [from, to].
    static func niceTicks(from: Double, to: Double) -> [Double] {
        guard to > from, from.isFinite, to.isFinite else { return [from] }
        let rough = (to - from) / 5
        let power = Foundation.pow(10, (Foundation.log10(rough)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= rough } ?? 10 * power
        let first = (from / step).rounded(.up) * step
        return stride(from: first, through: to + step * 1e-9, by: step).map { abs($0) < step * 1e-9 ? 0 : $0 }
    }

    /// A tick's label with up to four significant digits, without trailing zeros.
    static func tickLabel(_ value: Double) -> String {
        if value == 0 { return "0" }
        let formatted = String(format: "%.4g", value)
        return formatted.replacingOccurrences(of: "-", with: "−")
    }
}
