import Foundation
import LatentCore
import LatentModels

/// A data set of images (grey levels in [0, 1]) with optional labels.
public struct ImageDataSet: Sendable {
    /// The images, [N, side²]: one per row, its grey levels in [0, 1] in row-major order.
    public let images: Tensor<Float>
    /// One non-negative class label per image, or `nil` for unlabelled images.
    public let labels: [Int]?
    /// The width and height of an image, in pixels.
    public let side: Int
    /// The file (or generator) the images come from.
    public let source: String

    /// The number of images, N.
    public var count: Int { images.shape[0] }
    /// The pixels per image, side².
    public var pixels: Int { images.shape[1] }

    /// A data set of `images`, checked against `side` and `labels`.
    /// - Parameters:
    ///   - images: [N, side²]: one image per row, its grey levels in [0, 1]
    ///     in row-major order.
    ///   - labels: one non-negative class label per image, or `nil`.
    ///   - side: the width and height of an image, in pixels.
    ///   - source: the file (or generator) the images come from, named in errors.
    /// - Throws: ``DataError/dimensionMismatch(path:reason:)`` when the
    ///   images are not at least one row of `side`×`side` pixels, or labels
    ///   and images disagree in count or a label is negative.
    public init(images: Tensor<Float>, labels: [Int]?, side: Int, source: String) throws {
        let (area, overflow) = side.multipliedReportingOverflow(by: side)
        guard images.rank == 2, images.shape[0] >= 1, side >= 1, !overflow, images.shape[1] == area else {
            throw DataError.dimensionMismatch(path: source, reason: "images of shape \(images.shape) are not rows of \(side)×\(side) pixels")
        }
        if let labels, labels.count != images.shape[0] {
            throw DataError.dimensionMismatch(path: source, reason: "\(labels.count) labels for \(images.shape[0]) images")
        }
        if let labels, let negative = labels.firstIndex(where: { $0 < 0 }) {
            throw DataError.dimensionMismatch(path: source, reason: "label \(negative) is negative (\(labels[negative]))")
        }
        self.images = images
        self.labels = labels
        self.side = side
        self.source = source
    }

    /// MNIST's four standard files in `folder` (`train-images-idx3-ubyte.gz`
    /// and so on, `.gz` or raw): (train, test).
    /// - Throws: ``DataError`` naming the file.
    public static func mnist(folder: String) throws -> (train: ImageDataSet, test: ImageDataSet) {
        func find(_ stem: String) throws -> String {
            for candidate in ["\(folder)/\(stem).gz", "\(folder)/\(stem)"] where access(candidate, R_OK) == 0 { return candidate }
            throw DataError.cannotOpen(path: "\(folder)/\(stem)[.gz]")
        }
        func load(_ images: String, _ labels: String) throws -> ImageDataSet {
            let (imagePath, labelPath) = (try find(images), try find(labels))
            let (tensor, rows, columns) = try IDX.images(at: imagePath)
            guard rows == columns else { throw DataError.dimensionMismatch(path: imagePath, reason: "images are \(rows)×\(columns), not square") }
            return try ImageDataSet(images: tensor, labels: IDX.labels(at: labelPath), side: rows, source: labelPath)
        }
        return (try load("train-images-idx3-ubyte", "train-labels-idx1-ubyte"), try load("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"))
    }

    /// `train.csv` and `test.csv` in `folder` (see ``PixelCSV``), labelled
    /// when a header line starts with `label`. Both are on the pixel scale
    /// the training file implies (0–255 when any of its values exceeds 1,
    /// else [0, 1]), so that train and test are scaled alike.
    /// - Throws: ``DataError`` naming the file; for the test file, naming
    ///   the line and cell of a value beyond the training file's scale, or
    ///   ``DataError/inconsistentScale(path:reason:)`` for a test file in
    ///   [0, 1] when the training file holds 0–255 grey levels.
    public static func csv(folder: String) throws -> (train: ImageDataSet, test: ImageDataSet) {
        func read(_ name: String) throws -> PixelCSV.Rows {
            let path = "\(folder)/\(name)"
            guard let data = FileManager.default.contents(atPath: path) else { throw DataError.cannotOpen(path: path) }
            let firstLine = String(decoding: data.prefix(64), as: UTF8.self).lowercased()
            return try PixelCSV.parse(Array(data), path: path, labelled: firstLine.hasPrefix("label"))
        }
        let train = try read("train.csv")
        let scale = train.impliedScale
        return (try train.images(scale: scale), try read("test.csv").images(scale: scale, decidedBy: train.path))
    }

    /// The training and test sets in `folder`: MNIST's IDX files, or else
    /// `train.csv` and `test.csv`.
    /// - Throws: ``DataError/noDataSet(folder:)`` when the folder holds
    ///   neither, else ``DataError`` naming the file that is missing or wrong.
    public static func load(folder: String) throws -> (train: ImageDataSet, test: ImageDataSet) {
        let files = FileManager.default
        if files.fileExists(atPath: "\(folder)/train.csv") { return try csv(folder: folder) }
        let idx = ["train-images-idx3-ubyte", "train-images-idx3-ubyte.gz"].contains { files.fileExists(atPath: "\(folder)/\($0)") }
        guard idx else { throw DataError.noDataSet(folder: folder) }
        return try mnist(folder: folder)
    }

    /// The generated glyph digits: `trainCount` and `testCount` images from one seed.
    /// - Throws: `ModelError.countOutOfRange(argument:value:valid:)` for a count below 1.
    public static func glyphs(trainCount: Int, testCount: Int, seed: UInt64) throws -> (train: ImageDataSet, test: ImageDataSet) {
        let train = try GlyphDigits.generate(count: trainCount, seed: seed)
        let test = try GlyphDigits.generate(count: testCount, seed: seed &+ 1)
        return (try ImageDataSet(images: train.images, labels: train.labels, side: GlyphDigits.side, source: "glyphs"),
                try ImageDataSet(images: test.images, labels: test.labels, side: GlyphDigits.side, source: "glyphs"))
    }
}
