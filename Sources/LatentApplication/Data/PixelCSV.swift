import Foundation
import LatentCore

/// Images as CSV: one image per line, its pixels as numbers separated by
/// commas, optionally preceded by a label column (`label,p1,…,pN`, as the
/// Kaggle MNIST files). Pixels are on one ``PixelScale``: [0, 1] as they
/// are, or 0–255 grey levels scaled to [0, 1]. A first line with no number
/// in it is a header and skipped, as are blank lines; line numbers in
/// errors count every line of the file from 1, columns count cells from 1
/// (the label included).
public enum PixelCSV {
    /// The rows of a pixel CSV file, checked for shape but not yet scaled.
    public struct Rows: Sendable {
        /// The file, named in errors.
        public let path: String
        /// Pixel values as written, row after row.
        let values: [Double]
        /// The label of each row, when the file is labelled.
        public let labels: [Int]?
        /// Pixels per row.
        public let width: Int
        /// The file's line number of each row.
        let lines: [Int]
        /// Whether the first column is a label (shifts column numbers by one).
        let labelled: Bool

        /// The scale the values imply: 0–255 when any exceeds 1.
        public var impliedScale: PixelScale { .implied(byLargest: values.max() ?? 0) }

        /// The images on `scale`.
        /// - Parameters:
        ///   - scale: the range of the file's values, [0, 1] or [0, 255]; they
        ///     are divided by its maximum (1 or 255) to give grey levels in [0, 1].
        ///   - origin: what decided the scale (the training file),
        ///     named when the values contradict it; `nil` when it is this file.
        /// - Throws: ``DataError/badRow(path:line:reason:)`` naming line and
        ///   cell of a value outside the scale,
        ///   ``DataError/inconsistentScale(path:reason:)`` for a file of
        ///   values in [0, 1] held to the 0–255 scale of `origin`,
        ///   ``DataError/dimensionMismatch(path:reason:)`` for rows that are
        ///   not square images.
        public func images(scale: PixelScale, decidedBy origin: String? = nil) throws -> ImageDataSet {
            if let index = values.firstIndex(where: { !($0 >= 0 && $0 <= scale.maximum) }) {
                let row = index / width
                let cell = index % width + (labelled ? 2 : 1)
                let reason = "cell \(cell), \(values[index]), lies outside \(scale.range)"
                throw DataError.badRow(path: path, line: lines[row], reason: reason + (origin.map { ", the scale of \($0)" } ?? ""))
            }
            if let origin, scale == .greyLevels, impliedScale == .unit, values.contains(where: { $0 > 0 }) {
                throw DataError.inconsistentScale(
                    path: path, reason: "every pixel value lies in [0, 1], but \(origin) holds 0–255 grey levels: write both files on one scale")
            }
            let side = Int(Double(width).squareRoot().rounded())
            guard side * side == width else {
                throw DataError.dimensionMismatch(path: path, reason: "\(width) pixels per row is not a square image")
            }
            let divisor = scale.maximum
            let images = try Tensor(shape: [values.count / width, width], scalars: values.map { Float($0 / divisor) })
            return try ImageDataSet(images: images, labels: labels, side: side, source: path)
        }
    }

    /// The images of the file at `path`, on `scale`, or on the scale its
    /// values imply when `scale` is `nil`.
    /// - Parameters:
    ///   - path: the CSV file, one image per line.
    ///   - labelled: whether the first column is a label.
    ///   - scale: the range of the values ([0, 1] or [0, 255]); `nil` to
    ///     take the one they imply (0–255 when any exceeds 1).
    /// - Throws: as ``read(at:labelled:)`` and ``Rows/images(scale:decidedBy:)``.
    public static func load(at path: String, labelled: Bool, scale: PixelScale? = nil) throws -> ImageDataSet {
        let rows = try read(at: path, labelled: labelled)
        return try rows.images(scale: scale ?? rows.impliedScale)
    }

    /// The rows of the file at `path`.
    /// - Throws: ``DataError/cannotOpen(path:)``, ``DataError/badRow(path:line:reason:)``
    ///   naming the line: rows of different lengths, an empty or
    ///   non-numeric cell (by its column), a label that is not a
    ///   non-negative integer an `Int` can hold;
    ///   ``DataError/dimensionMismatch(path:reason:)`` for a file without rows.
    public static func read(at path: String, labelled: Bool) throws -> Rows {
        guard let data = FileManager.default.contents(atPath: path) else { throw DataError.cannotOpen(path: path) }
        return try parse(Array(data), path: path, labelled: labelled)
    }

    /// The rows of CSV text; `path` names it in errors.
    /// - Throws: as ``read(at:labelled:)``.
    public static func parse(_ text: [UInt8], path: String, labelled: Bool) throws -> Rows {
        var values: [Double] = []
        var labels: [Int] = []
        var lines: [Int] = []
        var width: Int?
        for (position, (number, line)) in numberedLines(text).enumerated() {
            let cells = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map(trimmed)
            let numbers = cells.map { Double(String(decoding: $0, as: UTF8.self)) }
            if position == 0, numbers.allSatisfy({ $0 == nil }) { continue }  // the header
            if let bad = numbers.indices.first(where: { !(numbers[$0]?.isFinite ?? false) }) {
                let cell = String(decoding: cells[bad], as: UTF8.self)
                let reason = cell.isEmpty ? "cell \(bad + 1) is empty" : "cell \(bad + 1), '\(cell)', is not a finite number"
                throw DataError.badRow(path: path, line: number, reason: reason)
            }
            var row = numbers.map { $0! }
            if labelled {
                guard let label = row.first.flatMap({ Int(exactly: $0) }), label >= 0 else {
                    throw DataError.badRow(path: path, line: number, reason: "the label is not a non-negative integer")
                }
                labels.append(label)
                row.removeFirst()
            }
            guard !row.isEmpty else { throw DataError.badRow(path: path, line: number, reason: "the row has no pixels") }
            if width == nil { width = row.count }
            guard row.count == width else {
                throw DataError.badRow(path: path, line: number, reason: "\(row.count) pixels, the first row has \(width ?? 0)")
            }
            values += row
            lines.append(number)
        }
        guard let width, !values.isEmpty else { throw DataError.dimensionMismatch(path: path, reason: "no rows of pixels") }
        return Rows(path: path, values: values, labels: labelled ? labels : nil, width: width, lines: lines, labelled: labelled)
    }

    /// The non-blank lines of `text` with their line numbers (from 1); a
    /// line ends at "\n", "\r\n" or a lone "\r".
    private static func numberedLines(_ text: [UInt8]) -> [(number: Int, line: ArraySlice<UInt8>)] {
        var result: [(Int, ArraySlice<UInt8>)] = []
        var number = 1
        var start = 0
        var index = 0
        while index <= text.count {
            let atEnd = index == text.count
            if atEnd || text[index] == UInt8(ascii: "\n") || text[index] == UInt8(ascii: "\r") {
                let line = text[start..<index]
                if !trimmed(line).isEmpty { result.append((number, line)) }
                if !atEnd, text[index] == UInt8(ascii: "\r"), index + 1 < text.count, text[index + 1] == UInt8(ascii: "\n") { index += 1 }
                number += 1
                start = index + 1
            }
            index += 1
        }
        return result
    }

    /// `bytes` without leading and trailing spaces and tabs.
    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return [] }
        return bytes[first...last]
    }
}
