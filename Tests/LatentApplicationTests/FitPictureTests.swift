import Foundation
import LatentApplication
import Testing

/// The forest plot and the loss curve: quantiles against hand-computed
/// order statistics, and the pictures' geometry against the values drawn.
@Suite("Pictures of a fit")
struct FitPictureTests {
    /// Every number in the attribute `name` of the elements of class `kind`, in order.
    static func attribute(_ name: String, of kind: String, in svg: String) -> [Double] {
        svg.split(separator: "\n").filter { $0.contains("class=\"\(kind)\"") }.compactMap { line in
            guard let range = line.range(of: "\(name)=\"") else { return nil }
            return Double(line[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    /// Type-7 quantiles: for 1…101 every quantile the plot uses falls on an
    /// order statistic (p·100), so they are exact; for {0, 10} the 25 %
    /// quantile lies a quarter of the way, 2.5.
    @Test func forestRowQuantiles() throws {
        let row = try #require(SVG.ForestRow(label: "x", draws: (1...101).map(Double.init).shuffled()))
        #expect(row.mean == 51 && row.inner == 26...76 && row.outer == 6...96)
        let pair = try #require(SVG.ForestRow(label: "y", draws: [10, 0]))
        #expect(pair.inner == 2.5...7.5 && pair.outer == 0.5...9.5 && pair.mean == 5)
    }

    /// Non-finite draws are left out (a NaN would make no interval at
    /// all); a scalar with no finite draw, or none, has no row.
    @Test func forestRowOfNonFiniteDraws() throws {
        let row = try #require(SVG.ForestRow(label: "x", draws: [.nan, 10, -.infinity, 0, .infinity]))
        #expect(row.mean == 5 && row.inner == 2.5...7.5 && row.outer == 0.5...9.5)
        #expect(SVG.ForestRow(label: "x", draws: [.nan, .infinity]) == nil)
        #expect(SVG.ForestRow(label: "x", draws: []) == nil)
    }

    /// One row per scalar, and on each row the mean and interval ends sit
    /// where one linear map of the values puts them: the same map for all
    /// rows (checked through each value's position between the plot's
    /// least and greatest 90 % ends).
    @Test func forestGeometryFollowsTheValues() {
        let rows = [
            SVG.ForestRow(label: "a", mean: 0, inner: -1...1, outer: -2...2),
            SVG.ForestRow(label: "b[0]", mean: 5, inner: 4...7, outer: 3...10),
            SVG.ForestRow(label: "b<1>", mean: -3, inner: -3.5...(-2), outer: -4...(-1)),
        ]
        let svg = SVG.forest(title: "t", rows: rows)
        let starts = Self.attribute("x1", of: "interval90", in: svg), ends = Self.attribute("x2", of: "interval90", in: svg)
        let innerStarts = Self.attribute("x1", of: "interval50", in: svg), means = Self.attribute("cx", of: "mean", in: svg)
        #expect(starts.count == 3 && ends.count == 3 && innerStarts.count == 3 && means.count == 3)
        // Pixels per unit, from the widest span: b's −4 … 10 is rows 2 and 1.
        let (low, high) = (starts[2], ends[1])
        func pixel(_ value: Double) -> Double { low + (high - low) * (value + 4) / 14 }
        for (index, row) in rows.enumerated() {
            #expect(abs(starts[index] - pixel(row.outer.lowerBound)) < 1e-9)
            #expect(abs(ends[index] - pixel(row.outer.upperBound)) < 1e-9)
            #expect(abs(innerStarts[index] - pixel(row.inner.lowerBound)) < 1e-9)
            #expect(abs(means[index] - pixel(row.mean)) < 1e-9)
        }
        #expect(svg.contains(">b&lt;1&gt;</text>"), "labels are escaped")
        #expect(svg.contains("stroke-dasharray"), "0 is in range, so it is marked")
    }

    /// A run of 3,000 steps whose rule held after 2,000 with windows of
    /// 500: the rule's band covers steps 1,000–2,000, the averaging band
    /// 2,000–3,000, one dot per window under the rule at its mean, and at
    /// most 600 points in the curve.
    @Test func lossCurveMarksTheRuleAndTheAveraging() {
        let losses = (0..<3_000).map { 100 / Double($0 + 1) + Double($0 % 7) }
        let svg = SVG.lossCurve(title: "t", losses: losses, window: 500, ruleSteps: 2_000, averagingSteps: 1_000, converged: true)
        let rule = (Self.attribute("x", of: "rule", in: svg), Self.attribute("width", of: "rule", in: svg))
        let averaging = (Self.attribute("x", of: "averaging", in: svg), Self.attribute("width", of: "averaging", in: svg))
        // x maps step s to 60 + 600·s/3000 (width 720, margins 60).
        #expect(rule.0 == [260] && rule.1 == [200])
        #expect(averaging.0 == [460] && averaging.1 == [200])
        let dots = Self.attribute("cx", of: "window", in: svg)
        #expect(dots == [110, 210, 310, 410])
        let points = svg.split(separator: "\n").first { $0.contains("class=\"loss\"") }!
        #expect(points.split(separator: " ").filter { $0.contains(",") }.count <= 600)
        // With a trial of 500 steps before the rule, its windows (and dots) start at 500.
        let afterTrial = SVG.lossCurve(
            title: "t", losses: losses, window: 500, ruleStart: 500, ruleSteps: 2_000, averagingSteps: 1_000, converged: true)
        #expect(Self.attribute("cx", of: "window", in: afterTrial) == [210, 310, 410])
        let unconverged = SVG.lossCurve(title: "t", losses: losses, window: 500, ruleSteps: 2_000, averagingSteps: 1_000, converged: false)
        #expect(Self.attribute("x", of: "rule", in: unconverged).isEmpty && unconverged.contains("did not hold"))
    }
}
