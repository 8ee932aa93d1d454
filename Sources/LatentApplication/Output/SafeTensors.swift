import CZlib
import Foundation
import LatentCore

/// The safetensors file format (Hugging Face), readable by Python's
/// `safetensors` package: an 8-byte little-endian header length, a JSON
/// header mapping each tensor's name to its dtype ("F32"), shape and byte
/// range, with string metadata under "__metadata__", then the tensors'
/// little-endian bytes back to back.
///
/// Each tensor's bytes carry a CRC-32 (zlib's polynomial, as gzip and PNG)
/// in the metadata, under "crc32:" followed by the tensor's name, as eight
/// lowercase hexadecimal digits: a string, as the format requires of
/// metadata. Decoding checks every checksum present; files without them
/// still load.
public enum SafeTensors {
    /// What the metadata keys holding checksums start with.
    public static let checksumPrefix = "crc32:"

    /// The metadata key holding the CRC-32 of the tensor `name`.
    public static func checksumKey(_ name: String) -> String { checksumPrefix + name }

    /// The file's bytes, with a checksum of each tensor in the metadata
    /// (replacing any "crc32:" entries `metadata` holds).
    public static func encode(_ tensors: [(name: String, tensor: Tensor<Float>)], metadata: [String: String]) throws -> [UInt8] {
        var metadata = metadata.filter { !$0.key.hasPrefix(checksumPrefix) }
        var header: [String: Any] = [:]
        var data: [UInt8] = []
        for (name, tensor) in tensors.sorted(by: { $0.name < $1.name }) {
            let start = data.count
            for value in tensor.scalars { withUnsafeBytes(of: value.bitPattern.littleEndian) { data += $0 } }
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [start, data.count]] as [String: Any]
            metadata[checksumKey(name)] = hexadecimal(crc32(of: data[start...]))
        }
        header["__metadata__"] = metadata
        var json = Array(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        while json.count % 8 != 0 { json.append(0x20) }  // pad with spaces to 8-byte alignment
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes += $0 }
        return bytes + json + data
    }

    /// The tensors (F32 only) and metadata of a file's bytes, every stored
    /// checksum verified.
    /// - Throws: ``DataError`` naming `path`: ``DataError/truncated(path:expectedBytes:readBytes:)``
    ///   for a header longer than the file, ``DataError/malformed(path:reason:)``
    ///   naming the tensor for any entry that is not a well-formed F32 tensor
    ///   (dtype, shape, offsets, size), ``DataError/checksumMismatch(path:tensor:stored:computed:)``
    ///   for bytes that changed since they were written.
    public static func decode(_ bytes: [UInt8], path: String) throws -> (tensors: [String: Tensor<Float>], metadata: [String: String]) {
        let (header, dataStart) = try parseHeader(bytes, path: path)
        var metadata: [String: String] = [:]
        if let entry = header["__metadata__"] {
            guard let strings = entry as? [String: String] else {
                throw DataError.malformed(path: path, reason: "__metadata__ is not an object of strings")
            }
            metadata = strings
        }
        var tensors: [String: Tensor<Float>] = [:]
        for name in header.keys.sorted() where name != "__metadata__" {
            let (shape, range) = try entryLayout(name, header[name]!, dataLength: bytes.count - dataStart, path: path)
            let data = bytes[(dataStart + range.lowerBound)..<(dataStart + range.upperBound)]
            try verifyChecksum(of: data, tensor: name, metadata: metadata, path: path)
            let values = stride(from: data.startIndex, to: data.endIndex, by: 4).map { i in
                Float(bitPattern: UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24)
            }
            tensors[name] = try Tensor(shape: shape, scalars: values)
        }
        let checksummed = metadata.keys.filter { $0.hasPrefix(checksumPrefix) }.sorted()
        if let orphan = checksummed.first(where: { header[String($0.dropFirst(checksumPrefix.count))] == nil }) {
            throw DataError.malformed(path: path, reason: "checksum '\(orphan)' is for a tensor the file does not hold")
        }
        return (tensors, metadata)
    }

    /// The metadata of the safetensors file at `path`, from its header
    /// alone (a model file may be gigabytes); nil when the file cannot be
    /// read or does not begin with a safetensors header of at most
    /// 100 MB, the format's own bound.
    public static func metadata(ofFileAt path: String) -> [String: String]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let prefix = try? handle.read(upToCount: 8), prefix.count == 8 else { return nil }
        let declared = prefix.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard declared <= 100_000_000, let json = try? handle.read(upToCount: Int(declared)), json.count == Int(declared),
              let header = try? JSONSerialization.jsonObject(with: json) as? [String: Any]
        else { return nil }
        return header["__metadata__"] as? [String: String] ?? [:]
    }

    /// The JSON header as an object, and where the data begins. The length
    /// is checked against the file as a UInt64, before any use as an Int.
    private static func parseHeader(_ bytes: [UInt8], path: String) throws -> (header: [String: Any], dataStart: Int) {
        guard bytes.count >= 8 else { throw DataError.truncated(path: path, expectedBytes: 8, readBytes: bytes.count) }
        let declared = bytes[0..<8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard declared <= UInt64(bytes.count - 8) else {
            guard declared <= UInt64(Int.max - 8) else {
                throw DataError.malformed(path: path, reason: "header length \(declared) exceeds the \(bytes.count - 8) bytes after it")
            }
            throw DataError.truncated(path: path, expectedBytes: 8 + Int(declared), readBytes: bytes.count)
        }
        let end = 8 + Int(declared)
        guard let header = try? JSONSerialization.jsonObject(with: Data(bytes[8..<end])) as? [String: Any] else {
            throw DataError.malformed(path: path, reason: "the header is not a JSON object")
        }
        return (header, end)
    }

    /// A tensor entry's shape and byte range within the data, checked: dtype
    /// F32, non-negative dimensions whose product times 4 fits an Int, and
    /// offsets that lie in the data and span exactly that many bytes.
    private static func entryLayout(_ name: String, _ entry: Any, dataLength: Int, path: String) throws -> (shape: [Int], range: Range<Int>) {
        func fault(_ reason: String) -> DataError { .malformed(path: path, reason: "tensor '\(name)': \(reason)") }
        guard let fields = entry as? [String: Any] else { throw fault("the entry is not an object") }
        guard let dtype = fields["dtype"] as? String else { throw fault("no dtype") }
        guard dtype == "F32" else { throw fault("dtype \(dtype); only F32 is read") }
        guard let shape = fields["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }) else {
            throw fault("the shape is not a list of non-negative integers")
        }
        var byteCount = 4
        for dimension in shape {
            let (product, overflow) = byteCount.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fault("shape \(shape) holds more bytes than an Int can count") }
            byteCount = product
        }
        guard let offsets = fields["data_offsets"] as? [Int], offsets.count == 2 else {
            throw fault("data_offsets is not a pair of integers")
        }
        guard offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataLength else {
            throw fault("data_offsets \(offsets) lie outside the \(dataLength) bytes of data")
        }
        guard offsets[1] - offsets[0] == byteCount else {
            throw fault("shape \(shape) needs \(byteCount) bytes, data_offsets \(offsets) hold \(offsets[1] - offsets[0])")
        }
        return (shape, offsets[0]..<offsets[1])
    }

    /// Checks a tensor's bytes against its stored CRC-32, if one is stored.
    private static func verifyChecksum(of data: ArraySlice<UInt8>, tensor name: String, metadata: [String: String], path: String) throws {
        guard let text = metadata[checksumKey(name)] else { return }
        let hexDigits = Set("0123456789abcdefABCDEF".utf8)
        guard text.utf8.count == 8, text.utf8.allSatisfy(hexDigits.contains), let stored = UInt32(text, radix: 16) else {
            throw DataError.malformed(path: path, reason: "checksum '\(checksumKey(name))' is '\(text)', not 8 hexadecimal digits")
        }
        let computed = crc32(of: data)
        guard computed == stored else { throw DataError.checksumMismatch(path: path, tensor: name, stored: stored, computed: computed) }
    }

    /// The CRC-32 of `bytes` (zlib's `crc32_z`, which takes a 64-bit length).
    static func crc32(of bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in UInt32(crc32_z(0, buffer.baseAddress, buffer.count)) }
    }

    private static func hexadecimal(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
