/// Small SVG charts: a line chart of series over epochs and a scatter of
/// 2-D points coloured by label. Plain SVG 1.1, no scripts.
public enum SVG {
    /// One series of a line chart.
    public struct Series: Sendable {
        /// The series' name, shown in the legend.
        public let name: String
        /// The y values at x = 1, 2, …; non-finite ones are left out of the line.
        public let values: [Double]
        /// The line's colour as SVG takes it, such as `#1f77b4`.
        public let colour: String
        /// A series named `name` of `values`, drawn in `colour`.
        public init(name: String, values: [Double], colour: String) {
            self.name = name
            self.values = values
            self.colour = colour
        }
    }

    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// Series against x = 1, 2, … with axes, tick labels and a legend.
    public static func lineChart(title: String, xLabel: String, yLabel: String, series: [Series]) -> String {
        let (width, height, margin) = (640.0, 400.0, 60.0)
        let all = series.flatMap(\.values).filter(\.isFinite)
        let count = series.map(\.values.count).max() ?? 1
        let (low, high) = (all.min() ?? 0, all.max() ?? 1)
        let span = high > low ? high - low : 1
        func x(_ i: Int) -> Double { margin + (width - 2 * margin) * (count > 1 ? Double(i) / Double(count - 1) : 0.5) }
        func y(_ v: Double) -> Double { height - margin - (height - 2 * margin) * (v - low) / span }
        var body = frame(width, height, margin, title: title, xLabel: xLabel, yLabel: yLabel)
        for tick in 0...4 {
            let value = low + span * Double(tick) / 4
            body += "<text x=\"\(margin - 6)\" y=\"\(y(value) + 4)\" font-size=\"11\" text-anchor=\"end\">\(format(value))</text>\n"
        }
        body += "<text x=\"\(x(0))\" y=\"\(height - margin + 16)\" font-size=\"11\" text-anchor=\"middle\">1</text>\n"
        body += "<text x=\"\(x(count - 1))\" y=\"\(height - margin + 16)\" font-size=\"11\" text-anchor=\"middle\">\(count)</text>\n"
        for (index, s) in series.enumerated() {
            let points = s.values.enumerated().filter { $0.element.isFinite }.map { "\(x($0.offset)),\(y($0.element))" }
            body += "<polyline fill=\"none\" stroke=\"\(s.colour)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
            body += "<text x=\"\(width - margin - 4)\" y=\"\(margin + 16 * Double(index + 1))\" font-size=\"12\" text-anchor=\"end\" fill=\"\(s.colour)\">\(escape(s.name))</text>\n"
        }
        return document(width, height, body)
    }

    /// Points coloured by their label (0–9 in a ten-colour palette), with a legend.
    public static func scatter(title: String, points: [(x: Double, y: Double)], labels: [Int]?) -> String {
        let (width, height, margin) = (560.0, 560.0, 50.0)
        let xs = points.map(\.x), ys = points.map(\.y)
        let (xLow, xHigh, yLow, yHigh) = (xs.min() ?? 0, xs.max() ?? 1, ys.min() ?? 0, ys.max() ?? 1)
        func sx(_ v: Double) -> Double { margin + (width - 2 * margin) * (v - xLow) / Swift.max(xHigh - xLow, 1e-9) }
        func sy(_ v: Double) -> Double { height - margin - (height - 2 * margin) * (v - yLow) / Swift.max(yHigh - yLow, 1e-9) }
        var body = frame(width, height, margin, title: title, xLabel: "z₁", yLabel: "z₂")
        for (index, point) in points.enumerated() {
            let colour = labels.map { palette[$0[index] % palette.count] } ?? palette[0]
            body += "<circle cx=\"\(sx(point.x))\" cy=\"\(sy(point.y))\" r=\"2\" fill=\"\(colour)\" fill-opacity=\"0.6\"/>\n"
        }
        if labels != nil {
            for digit in 0..<10 {
                body += "<text x=\"\(width - margin + 8)\" y=\"\(margin + 14 * Double(digit))\" font-size=\"11\" fill=\"\(palette[digit])\">\(digit)</text>\n"
            }
        }
        return document(width, height, body)
    }

    static func frame(_ width: Double, _ height: Double, _ margin: Double, title: String, xLabel: String, yLabel: String) -> String {
        """
        <rect x="0" y="0" width="\(width)" height="\(height)" fill="white"/>
        <line x1="\(margin)" y1="\(height - margin)" x2="\(width - margin)" y2="\(height - margin)" stroke="black"/>
        <line x1="\(margin)" y1="\(margin)" x2="\(margin)" y2="\(height - margin)" stroke="black"/>
        <text x="\(width / 2)" y="\(margin / 2)" font-size="15" text-anchor="middle">\(escape(title))</text>
        <text x="\(width / 2)" y="\(height - 12)" font-size="12" text-anchor="middle">\(escape(xLabel))</text>
        <text x="14" y="\(height / 2)" font-size="12" text-anchor="middle" transform="rotate(-90 14 \(height / 2))">\(escape(yLabel))</text>

        """
    }

    static func document(_ width: Double, _ height: Double, _ body: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\">\n\(body)</svg>\n"
    }

    static func format(_ value: Double) -> String { "\((value * 10).rounded() / 10)" }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
