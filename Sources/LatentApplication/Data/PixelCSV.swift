import Foundation
import LatentCore

/// Images as CSV: one image per line, its pixels as numbers separated by
/// commas, optionally preceded by a label column (`label,p1,…,pN`, as the
/// Kaggle MNIST files). Pixel values above 1 are taken as 0–255 grey levels
/// and scaled to [0, 1]. A header line that is not numeric is skipped.
public enum PixelCSV {
    /// - Parameter labelled: whether the first column is a label.
    /// - Throws: ``DataError`` naming the file and line: rows of different
    ///   lengths, an empty or non-numeric cell (by its column), a label that
    ///   is not a non-negative integer an `Int` can hold, a pixel count that
    ///   is not a square. Only a first row with no number in it is a header.
    public static func load(at path: String, labelled: Bool) throws -> ImageDataSet {
        guard let data = FileManager.default.contents(atPath: path) else { throw DataError.cannotOpen(path: path) }
        var pixels: [Float] = []
        var labels: [Int] = []
        var width: Int?
        for (index, line) in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).enumerated() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = cells.map { Double($0) }
            if index == 0, numbers.allSatisfy({ $0 == nil }) { continue }  // a header
            if let bad = numbers.indices.first(where: { !(numbers[$0]?.isFinite ?? false) }) {
                let reason = cells[bad].isEmpty ? "cell \(bad + 1) is empty" : "cell \(bad + 1), '\(cells[bad])', is not a finite number"
                throw DataError.badRow(path: path, line: index + 1, reason: reason)
            }
            var values = numbers.map { $0! }
            if labelled {
                guard let label = values.first.flatMap({ Int(exactly: $0) }), label >= 0 else {
                    throw DataError.badRow(path: path, line: index + 1, reason: "the label is not a non-negative integer")
                }
                labels.append(label)
                values.removeFirst()
            }
            if width == nil { width = values.count }
            guard values.count == width, !values.isEmpty else {
                throw DataError.badRow(path: path, line: index + 1, reason: "\(values.count) pixels, the first row has \(width ?? 0)")
            }
            pixels += values.map(Float.init)
        }
        guard let width, !pixels.isEmpty else { throw DataError.dimensionMismatch(path: path, reason: "no rows of pixels") }
        let side = Int(Double(width).squareRoot().rounded())
        guard side * side == width else {
            throw DataError.dimensionMismatch(path: path, reason: "\(width) pixels per row is not a square image")
        }
        let scale: Float = pixels.contains { $0 > 1 } ? 1 / 255 : 1
        guard pixels.allSatisfy({ $0 >= 0 && $0 * scale <= 1 }) else {
            throw DataError.dimensionMismatch(path: path, reason: "pixel values must lie in [0, 1] or [0, 255]")
        }
        let images = try Tensor(shape: [pixels.count / width, width], scalars: pixels.map { $0 * scale })
        return try ImageDataSet(images: images, labels: labelled ? labels : nil, side: side, source: path)
    }
}
