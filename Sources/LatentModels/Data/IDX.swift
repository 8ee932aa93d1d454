import Foundation
import CZlib
import LatentCore

/// The IDX files MNIST comes in (LeCun et al.), gzip-compressed or raw:
/// zlib's gzip reader passes raw files through unchanged. Images are
/// unsigned bytes (magic 0x803, dims count×rows×columns), labels too
/// (magic 0x801, dim count).
public enum IDX {
    /// Images as [count, rows·columns] grey levels in [0, 1], and their side lengths.
    /// - Throws: ``DataError`` naming `path`.
    public static func images(at path: String) throws -> (images: Tensor<Float>, rows: Int, columns: Int) {
        let (dims, bytes) = try read(path, magic: 0x803, rank: 3)
        let pixels = bytes.map { Float($0) / 255 }
        return (try Tensor(shape: [dims[0], dims[1] * dims[2]], scalars: pixels), dims[1], dims[2])
    }

    /// Labels as integers.
    /// - Throws: ``DataError`` naming `path`.
    public static func labels(at path: String) throws -> [Int] {
        try read(path, magic: 0x801, rank: 1).bytes.map(Int.init)
    }

    private static func read(_ path: String, magic expected: UInt32, rank: Int) throws -> (dims: [Int], bytes: [UInt8]) {
        guard let file = gzopen(path, "rb") else { throw DataError.cannotOpen(path: path) }
        defer { gzclose(file) }
        func take(_ count: Int) throws -> [UInt8] {
            var buffer = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let read = buffer.withUnsafeMutableBytes { raw in
                    gzread(file, raw.baseAddress! + filled, UInt32(Swift.min(count - filled, 1 << 30)))
                }
                guard read > 0 else { throw DataError.truncated(path: path, expectedBytes: count, readBytes: filled) }
                filled += Int(read)
            }
            return buffer
        }
        let header = try take(4)
        let magic = header.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard magic == expected else { throw DataError.badMagic(path: path, found: magic, expected: expected) }
        let dims = try (0..<rank).map { _ in try take(4).reduce(0) { $0 << 8 | Int($1) } }
        let count = dims.reduce(1, *)
        guard count > 0, count < 1 << 31 else { throw DataError.dimensionMismatch(path: path, reason: "dimensions \(dims)") }
        return (dims, try take(count))
    }
}

/// A data set of images (grey levels in [0, 1]) with optional labels.
public struct ImageDataSet: Sendable {
    public let images: Tensor<Float>
    public let labels: [Int]?
    public let side: Int

    public var count: Int { images.shape[0] }
    public var pixels: Int { images.shape[1] }

    /// - Throws: ``DataError/dimensionMismatch(path:reason:)`` when labels
    ///   and images disagree in count.
    public init(images: Tensor<Float>, labels: [Int]?, side: Int, source: String) throws {
        if let labels, labels.count != images.shape[0] {
            throw DataError.dimensionMismatch(path: source, reason: "\(labels.count) labels for \(images.shape[0]) images")
        }
        self.images = images
        self.labels = labels
        self.side = side
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
    /// when a header line starts with `label`.
    /// - Throws: ``DataError`` naming the file.
    public static func csv(folder: String) throws -> (train: ImageDataSet, test: ImageDataSet) {
        func load(_ name: String) throws -> ImageDataSet {
            let path = "\(folder)/\(name)"
            guard let data = FileManager.default.contents(atPath: path) else { throw DataError.cannotOpen(path: path) }
            let firstLine = String(decoding: data.prefix(64), as: UTF8.self).lowercased()
            return try PixelCSV.load(at: path, labelled: firstLine.hasPrefix("label"))
        }
        return (try load("train.csv"), try load("test.csv"))
    }

    /// The training and test sets in `folder`: MNIST's IDX files, or else
    /// `train.csv` and `test.csv`.
    /// - Throws: ``DataError`` naming what is missing or wrong.
    public static func load(folder: String) throws -> (train: ImageDataSet, test: ImageDataSet) {
        let csv = FileManager.default.fileExists(atPath: "\(folder)/train.csv")
        return csv ? try self.csv(folder: folder) : try mnist(folder: folder)
    }

    /// The generated glyph digits: `trainCount` and `testCount` images from one seed.
    public static func glyphs(trainCount: Int, testCount: Int, seed: UInt64) throws -> (train: ImageDataSet, test: ImageDataSet) {
        let train = GlyphDigits.generate(count: trainCount, seed: seed)
        let test = GlyphDigits.generate(count: testCount, seed: seed &+ 1)
        return (try ImageDataSet(images: train.images, labels: train.labels, side: GlyphDigits.side, source: "glyphs"),
                try ImageDataSet(images: test.images, labels: test.labels, side: GlyphDigits.side, source: "glyphs"))
    }
}
