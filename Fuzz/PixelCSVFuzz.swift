import LatentApplication

// libFuzzer target: the input as a pixel CSV file, labelled or not (the
// first byte's low bit), turned into images on its own scale and held to
// each fixed scale, as a test file is held to its training file's.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPixelCSV(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let text = Array(UnsafeBufferPointer(start: data, count: count))
    let labelled = (text.first ?? 0) & 1 == 1
    guard let rows = try? PixelCSV.parse(text, path: "fuzz.csv", labelled: labelled) else { return 0 }
    _ = try? rows.images(scale: rows.impliedScale)
    for scale in PixelScale.allCases { _ = try? rows.images(scale: scale, decidedBy: "train.csv") }
    return 0
}
