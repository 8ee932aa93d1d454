/// A data file's content read front to back: inflated as it is read when
/// the file is gzip (see ``GzipInflater``), as it is otherwise. A reader
/// that asks for more than the file holds gets what there is, so a header
/// that overstates the data costs no more memory than the data.
struct DataFileBytes {
    private let raw: [UInt8]
    private var position = 0
    private let inflater: GzipInflater?

    /// - Parameter path: names the file in errors.
    init(_ bytes: [UInt8], path: String) throws {
        let gzip = GzipInflater.isGzip(bytes)
        raw = gzip ? [] : bytes
        inflater = gzip ? try GzipInflater(bytes, path: path) : nil
    }

    /// The next `count` bytes, or fewer when the content ends first.
    /// - Throws: ``DataError/corrupt(path:reason:)`` for a gzip fault.
    mutating func read(_ count: Int) throws -> [UInt8] {
        guard let inflater else {
            let taken = Array(raw[position..<(position + Swift.min(count, raw.count - position))])
            position += taken.count
            return taken
        }
        var taken: [UInt8] = []
        while taken.count < count {
            let chunk = try inflater.next(upTo: count - taken.count)
            if chunk.isEmpty { break }
            taken += chunk
        }
        return taken
    }

    /// Whether the content has ended: for gzip, the last member inflated to
    /// its end with its CRC-32 and length checked.
    /// - Throws: ``DataError/corrupt(path:reason:)`` for a gzip fault.
    mutating func isAtEnd() throws -> Bool {
        try read(1).isEmpty
    }

    /// Reads the rest of the content, keeping none of it, so that a gzip
    /// stream's trailer is checked however far the stream runs on.
    /// - Returns: how many bytes were left.
    /// - Throws: ``DataError/corrupt(path:reason:)`` for a gzip fault.
    mutating func skipToEnd() throws -> Int {
        var skipped = 0
        while true {
            let chunk = try read(1 << 16)
            if chunk.isEmpty { return skipped }
            skipped += chunk.count
        }
    }
}
