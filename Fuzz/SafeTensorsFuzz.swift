import LatentApplication

// libFuzzer target: the input as a safetensors file. What decodes must
// encode (which replaces the checksums) and decode again to the same
// tensors and metadata.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafeTensors(_ data: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
    let file = Array(UnsafeBufferPointer(start: data, count: count))
    guard let (tensors, metadata) = try? SafeTensors.decode(file, path: "fuzz.safetensors") else { return 0 }
    let userMetadata = metadata.filter { !$0.key.hasPrefix(SafeTensors.checksumPrefix) }
    guard let again = try? SafeTensors.encode(tensors.map { ($0.key, $0.value) }, metadata: metadata),
          let (tensorsAgain, metadataAgain) = try? SafeTensors.decode(again, path: "again.safetensors")
    else { fatalError("a decoded file does not encode and decode again") }
    precondition(tensorsAgain.keys.sorted() == tensors.keys.sorted(), "round trip changed the tensor names")
    for (name, tensor) in tensors {
        precondition(tensorsAgain[name]!.shape == tensor.shape, "round trip changed the shape of \(name)")
        precondition(tensorsAgain[name]!.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern), "round trip changed \(name)")
    }
    precondition(metadataAgain.filter { !$0.key.hasPrefix(SafeTensors.checksumPrefix) } == userMetadata, "round trip changed the metadata")
    return 0
}
