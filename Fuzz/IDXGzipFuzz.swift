import LatentApplication

// libFuzzer target: the input as a gzip IDX file (gzip's magic number is
// put in front when the input lacks it), so that mutations reach the
// inflater's damaged-stream paths: headers, blocks, trailers, members.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIDXGzip(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    var file = Array(UnsafeBufferPointer(start: data, count: count))
    if !file.starts(with: [0x1F, 0x8B]) { file = [0x1F, 0x8B] + file }
    _ = try? IDX.images(decoding: file, path: "fuzz.gz")
    _ = try? IDX.labels(decoding: file, path: "fuzz.gz")
    return 0
}
