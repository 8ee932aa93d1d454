import Foundation
import LatentCore

/// The IDX files MNIST comes in (LeCun et al.), gzip-compressed or raw.
/// Images are unsigned bytes (magic 0x803, dims count×rows×columns), labels
/// too (magic 0x801, dim count). Each dimension is a 32-bit big-endian
/// count; the data must hold exactly the bytes the dimensions announce, and
/// a gzip file must decompress whole with a valid trailer.
public enum IDX {
    /// The largest data an IDX file may announce: 2³¹ − 1 bytes.
    static let largestData = Int(Int32.max)

    /// Images as [count, rows·columns] grey levels in [0, 1], and their side lengths.
    /// - Throws: ``DataError`` naming `path`.
    public static func images(at path: String) throws -> (images: Tensor<Float>, rows: Int, columns: Int) {
        try images(decoding: contents(of: path), path: path)
    }

    /// Labels as integers.
    /// - Throws: ``DataError`` naming `path`.
    public static func labels(at path: String) throws -> [Int] {
        try labels(decoding: contents(of: path), path: path)
    }

    /// Images from a file's bytes (gzip or raw); `path` names it in errors.
    /// - Throws: ``DataError/badMagic(path:found:expected:)``,
    ///   ``DataError/truncated(path:expectedBytes:readBytes:)`` when the data
    ///   is shorter than the dimensions announce,
    ///   ``DataError/malformed(path:reason:)`` for dimensions that are zero,
    ///   whose product exceeds 2³¹ − 1, or data longer than announced,
    ///   ``DataError/corrupt(path:reason:)`` for a damaged gzip stream.
    public static func images(decoding file: [UInt8], path: String) throws -> (images: Tensor<Float>, rows: Int, columns: Int) {
        let (dims, bytes) = try read(file, path: path, magic: 0x803, rank: 3)
        let pixels = bytes.map { Float($0) / 255 }
        return (try Tensor(shape: [dims[0], dims[1] * dims[2]], scalars: pixels), dims[1], dims[2])
    }

    /// Labels from a file's bytes (gzip or raw); `path` names it in errors.
    /// - Throws: as ``images(decoding:path:)``.
    public static func labels(decoding file: [UInt8], path: String) throws -> [Int] {
        try read(file, path: path, magic: 0x801, rank: 1).bytes.map(Int.init)
    }

    private static func contents(of path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw DataError.cannotOpen(path: path) }
        return Array(data)
    }

    private static func read(_ file: [UInt8], path: String, magic expected: UInt32, rank: Int) throws -> (dims: [Int], bytes: [UInt8]) {
        var content = try DataFileBytes(file, path: path)
        var headerRead = 0
        func word() throws -> UInt32 {
            let bytes = try content.read(4)
            headerRead += bytes.count
            guard bytes.count == 4 else { throw DataError.truncated(path: path, expectedBytes: 4 * (1 + rank), readBytes: headerRead) }
            return bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        }
        let magic = try word()
        guard magic == expected else { throw DataError.badMagic(path: path, found: magic, expected: expected) }
        let dims = try (0..<rank).map { _ in Int(try word()) }
        let count = try dataLength(dims, path: path)
        let bytes = try content.read(count)
        guard bytes.count == count else { throw DataError.truncated(path: path, expectedBytes: count, readBytes: bytes.count) }
        // A damaged stream often inflates to more bytes than announced:
        // its trailer names the fault better than the surplus does.
        let surplus = try content.skipToEnd()
        guard surplus == 0 else {
            throw DataError.malformed(
                path: path, reason: "holds \(surplus) bytes more than the \(count) its dimensions \(dims) announce")
        }
        return (dims, bytes)
    }

    /// The product of the dimensions, checked before anything is allocated.
    private static func dataLength(_ dims: [Int], path: String) throws -> Int {
        var count = 1
        for dimension in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow, product <= largestData else {
                throw DataError.malformed(path: path, reason: "dimensions \(dims) announce more than \(largestData) bytes")
            }
            count = product
        }
        guard count > 0 else { throw DataError.malformed(path: path, reason: "dimensions \(dims) announce no data") }
        return count
    }
}
