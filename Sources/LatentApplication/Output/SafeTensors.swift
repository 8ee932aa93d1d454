import Foundation
import LatentCore

/// The safetensors file format (Hugging Face), readable by Python's
/// `safetensors` package: an 8-byte little-endian header length, a JSON
/// header mapping each tensor's name to its dtype ("F32"), shape and byte
/// range, with string metadata under "__metadata__", then the tensors'
/// little-endian bytes back to back.
public enum SafeTensors {
    /// The file's bytes.
    public static func encode(_ tensors: [(name: String, tensor: Tensor<Float>)], metadata: [String: String]) throws -> [UInt8] {
        var header: [String: Any] = ["__metadata__": metadata]
        var data: [UInt8] = []
        for (name, tensor) in tensors.sorted(by: { $0.name < $1.name }) {
            let start = data.count
            for value in tensor.scalars { withUnsafeBytes(of: value.bitPattern.littleEndian) { data += $0 } }
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [start, data.count]] as [String: Any]
        }
        var json = Array(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        while json.count % 8 != 0 { json.append(0x20) }  // pad with spaces to 8-byte alignment
        var bytes: [UInt8] = []
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes += $0 }
        return bytes + json + data
    }

    /// The tensors (F32 only) and metadata of a file's bytes.
    /// - Throws: ``DataError`` naming `path` for anything that is not a well-formed F32 safetensors file.
    public static func decode(_ bytes: [UInt8], path: String) throws -> (tensors: [String: Tensor<Float>], metadata: [String: String]) {
        guard bytes.count >= 8 else { throw DataError.truncated(path: path, expectedBytes: 8, readBytes: bytes.count) }
        let length = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        guard length > 0, 8 + length <= bytes.count else {
            throw DataError.truncated(path: path, expectedBytes: 8 + length, readBytes: bytes.count)
        }
        guard let header = try? JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + length)])) as? [String: Any] else {
            throw DataError.dimensionMismatch(path: path, reason: "the header is not a JSON object")
        }
        let data = Array(bytes[(8 + length)...])
        var tensors: [String: Tensor<Float>] = [:]
        var metadata: [String: String] = [:]
        for (name, entry) in header {
            if name == "__metadata__" {
                metadata = entry as? [String: String] ?? [:]
                continue
            }
            guard let fields = entry as? [String: Any], fields["dtype"] as? String == "F32", let shape = fields["shape"] as? [Int],
                  let offsets = fields["data_offsets"] as? [Int], offsets.count == 2, offsets[0] <= offsets[1], offsets[1] <= data.count,
                  offsets[1] - offsets[0] == 4 * shape.reduce(1, *)
            else {
                throw DataError.dimensionMismatch(path: path, reason: "tensor '\(name)' is not a well-formed F32 entry")
            }
            let values = stride(from: offsets[0], to: offsets[1], by: 4).map { i in
                Float(bitPattern: UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24)
            }
            tensors[name] = try Tensor(shape: shape, scalars: values)
        }
        return (tensors, metadata)
    }
}
