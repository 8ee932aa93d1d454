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
                if read < 0 {
                    var status: Int32 = 0
                    let message = String(cString: gzerror(file, &status))  // zlib's "path: reason"
                    throw DataError.corrupt(path: path, reason: String(message.dropFirst(message.hasPrefix("\(path): ") ? path.count + 2 : 0)))
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
