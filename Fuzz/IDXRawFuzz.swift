import CZlib
import LatentApplication

// libFuzzer target: the input as a raw IDX file, read as it is and again
// gzip-compressed by zlib (a whole stream, valid trailer), so that the IDX
// checks behind the inflater see the same hostile headers.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDXRaw(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let file = Array(UnsafeBufferPointer(start: data, count: count))
    for bytes in [file, gzip(file)] {
        _ = try? IDX.images(decoding: bytes, path: "fuzz")
        _ = try? IDX.labels(decoding: bytes, path: "fuzz")
    }
    return 0
}

/// `bytes` as one gzip member, by zlib's deflate.
func gzip(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    guard deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
        fatalError("deflateInit2 failed")
    }
    defer { deflateEnd(&stream) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
    let capacity = output.count
    let status = input.withUnsafeMutableBufferPointer { source in
        output.withUnsafeMutableBufferPointer { target in
            stream.next_in = source.baseAddress
            stream.avail_in = UInt32(source.count)
            stream.next_out = target.baseAddress
            stream.avail_out = UInt32(capacity)
            return deflate(&stream, Z_FINISH)
        }
    }
    precondition(status == Z_STREAM_END, "deflate returned \(status)")
    return Array(output.prefix(capacity - Int(stream.avail_out)))
}
