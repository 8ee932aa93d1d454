import CZlib

/// A gzip file (RFC 1952) inflated on demand, a bounded chunk at a time, so
/// that a reader stops as soon as it has what it asked for: output is never
/// allocated ahead of the data that produces it.
///
/// Every member is inflated to its end (`Z_STREAM_END`), which is where zlib
/// checks the member's trailer: the CRC-32 of the data and its length mod 2³².
/// Members may follow each other (as `cat a.gz b.gz` makes them); anything
/// else after the last member is an error, as is an input that ends inside
/// a member.
final class GzipInflater {
    private let input: [UInt8]
    private let path: String
    private let stream: UnsafeMutablePointer<z_stream>
    /// Input bytes consumed so far.
    private var position = 0
    /// Whether the last member has ended, its trailer checked, with no input left.
    private(set) var isFinished = false

    /// Whether `bytes` start with gzip's magic number, 1F 8B.
    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// - Parameter path: names the file in errors.
    /// - Throws: ``DataError/corrupt(path:reason:)`` when zlib cannot start.
    init(_ input: [UInt8], path: String) throws {
        self.input = input
        self.path = path
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // Window bits 15 + 16: a 32 KiB window, gzip wrapper only (no zlib, no raw deflate).
        guard inflateInit2_(stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw DataError.corrupt(path: path, reason: "zlib cannot start inflating")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// The next bytes of the decompressed data: at least one and at most
    /// `limit`, or none once the last member has ended and been verified.
    /// - Throws: ``DataError/corrupt(path:reason:)`` naming the fault:
    ///   "corrupt gzip stream: CRC mismatch", "corrupt gzip stream: length
    ///   mismatch", "corrupt gzip stream: <zlib's description>",
    ///   "truncated gzip stream", or trailing data after the last member.
    func next(upTo limit: Int) throws -> [UInt8] {
        precondition(limit >= 1, "GzipInflater.next: limit \(limit)")
        var output = [UInt8](repeating: 0, count: Swift.min(limit, 1 << 16))
        while !isFinished {
            let (status, consumed, produced) = inflateStep(into: &output)
            position += consumed
            switch status {
            case Z_STREAM_END:
                try startNextMember()
            case Z_OK, Z_BUF_ERROR:
                if produced == 0, consumed == 0 {
                    throw DataError.corrupt(path: path, reason: position == input.count ? "truncated gzip stream" : "corrupt gzip stream")
                }
            default:
                throw DataError.corrupt(path: path, reason: fault(status))
            }
            if produced > 0 { return Array(output.prefix(produced)) }
        }
        return []
    }

    /// One call of `inflate` over the unread input into `output`.
    private func inflateStep(into output: inout [UInt8]) -> (status: Int32, consumed: Int, produced: Int) {
        let available = Swift.min(input.count - position, Int(UInt32.max))
        let capacity = output.count
        return input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + position })
                stream.pointee.avail_in = UInt32(available)
                stream.pointee.next_out = target.baseAddress
                stream.pointee.avail_out = UInt32(capacity)
                let status = inflate(stream, Z_NO_FLUSH)
                return (status, available - Int(stream.pointee.avail_in), capacity - Int(stream.pointee.avail_out))
            }
        }
    }

    /// After a member's verified end: finished if no input is left, a new
    /// member if the next bytes are gzip's magic number, else an error.
    private func startNextMember() throws {
        let rest = input.count - position
        if rest == 0 {
            isFinished = true
        } else if rest >= 2, input[position] == 0x1F, input[position + 1] == 0x8B {
            inflateReset(stream)
        } else {
            throw DataError.corrupt(path: path, reason: "\(rest) bytes of trailing data after the gzip stream")
        }
    }

    /// The fault behind a failed `inflate`, in words.
    private func fault(_ status: Int32) -> String {
        let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
        switch message {
        case "incorrect data check": return "corrupt gzip stream: CRC mismatch"
        case "incorrect length check": return "corrupt gzip stream: length mismatch"
        default: return "corrupt gzip stream: \(message)"
        }
    }
}
