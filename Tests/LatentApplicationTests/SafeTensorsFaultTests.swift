import Foundation
import LatentApplication
import LatentCore
import Testing

/// safetensors files that are hostile or damaged: typed errors naming the
/// tensor, never a trap; every tensor's CRC-32 checked on load.
@Suite("safetensors faults and checksums")
struct SafeTensorsFaultTests {
    /// A file with a header written by hand (the JSON text as given) and `data` after it.
    func file(header: String, data: [UInt8] = []) -> [UInt8] {
        let json = Array(header.utf8)
        return (0..<8).map { UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * $0)) } + json + data
    }

    func reason(_ bytes: [UInt8]) -> String? {
        do {
            _ = try SafeTensors.decode(bytes, path: "f")
            return nil
        } catch let DataError.malformed(_, reason) {
            return reason
        } catch {
            return "\(error)"
        }
    }

    /// Header lengths 2⁶⁴ − 1 and Int.max trapped converting to Int or adding 8.
    @Test func headerLengthsBeyondTheFileAreRefused() throws {
        for length in [UInt64.max, UInt64(Int.max), UInt64(Int.max) - 7] {
            let bytes = (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + Array("{}".utf8)
            #expect(reason(bytes) == "header length \(length) exceeds the 2 bytes after it")
        }
        let short = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(100) >> (8 * $0)) } + Array("{}".utf8)
        #expect(throws: DataError.truncated(path: "f", expectedBytes: 108, readBytes: 10)) { _ = try SafeTensors.decode(short, path: "f") }
        #expect(reason(file(header: "[1, 2]")) == "the header is not a JSON object")
    }

    /// Negative offsets once indexed before the data; a shape of 2⁴⁰ × 2⁴⁰
    /// overflowed its product; a wrong dtype, offsets past the data, or a
    /// shape that disagrees with its bytes were one vague message.
    @Test func malformedEntriesNameTheTensorAndTheFault() throws {
        let data = [UInt8](repeating: 0, count: 16)
        func entry(_ fields: String) -> [UInt8] { file(header: "{\"w\": {\(fields)}}", data: data) }
        #expect(reason(entry(#""dtype": "F32", "shape": [1], "data_offsets": [-4, 0]"#))
            == "tensor 'w': data_offsets [-4, 0] lie outside the 16 bytes of data")
        #expect(reason(entry(#""dtype": "F32", "shape": [1], "data_offsets": [16, 20]"#))
            == "tensor 'w': data_offsets [16, 20] lie outside the 16 bytes of data")
        #expect(reason(entry(#""dtype": "F32", "shape": [1099511627776, 1099511627776], "data_offsets": [0, 0]"#))
            == "tensor 'w': shape [1099511627776, 1099511627776] holds more bytes than an Int can count")
        #expect(reason(entry(#""dtype": "F32", "shape": [-1, -4], "data_offsets": [0, 16]"#))
            == "tensor 'w': the shape is not a list of non-negative integers")
        #expect(reason(entry(#""dtype": "F64", "shape": [2], "data_offsets": [0, 16]"#)) == "tensor 'w': dtype F64; only F32 is read")
        #expect(reason(entry(#""dtype": "F32", "shape": [2, 2], "data_offsets": [0, 8]"#))
            == "tensor 'w': shape [2, 2] needs 16 bytes, data_offsets [0, 8] hold 8")
        #expect(reason(entry(#""dtype": "F32", "shape": [1], "data_offsets": [0, 1e30]"#)) == "tensor 'w': data_offsets is not a pair of integers")
        #expect(reason(file(header: #"{"__metadata__": {"epoch": 3}}"#)) == "__metadata__ is not an object of strings")
    }

    let tensors: [(name: String, tensor: Tensor<Float>)] = [
        ("b", Tensor([0.5, -2])), ("w", try! Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])),
    ]

    /// Each tensor's CRC-32 is stored as 8 hex digits and equals the
    /// bit-by-bit reference of its little-endian bytes; checksums handed in
    /// with the metadata (stale, or for no tensor) are replaced.
    @Test func checksumsAreStoredInTheMetadata() throws {
        let given = ["note": "x", "crc32:w": "deadbeef", "crc32:gone": "00000000"]
        let (loaded, metadata) = try SafeTensors.decode(SafeTensors.encode(tensors, metadata: given), path: "f")
        #expect(loaded["w"]?.scalars == [1, 2, 3, 4, 5, 6] && loaded["b"]?.scalars == [0.5, -2] && metadata["note"] == "x")
        #expect(metadata.keys.sorted() == ["crc32:b", "crc32:w", "note"])
        for (name, tensor) in tensors {
            let bytes = tensor.scalars.flatMap { GzipFixture.littleEndian($0.bitPattern) }
            let crc = String(GzipFixture.crc32(bytes), radix: 16)
            #expect(metadata[SafeTensors.checksumKey(name)] == String(repeating: "0", count: 8 - crc.count) + crc)
        }
    }

    /// Flipping one data byte anywhere is caught, naming the tensor it lies in.
    @Test func aFlippedDataByteNamesItsTensor() throws {
        let bytes = try SafeTensors.encode(tensors, metadata: [:])
        let dataStart = bytes.count - 32  // b: 2 floats, then w: 6 floats
        for (offset, name) in [(0, "b"), (7, "b"), (8, "w"), (31, "w")] {
            var damaged = bytes
            damaged[dataStart + offset] ^= 0x10
            let error = #expect(throws: DataError.self) { _ = try SafeTensors.decode(damaged, path: "f") }
            guard case let .checksumMismatch(path, tensor, stored, computed)? = error else {
                Issue.record("\(String(describing: error))")
                continue
            }
            #expect(path == "f" && tensor == name && stored != computed)
        }
    }

    /// Files written before checksums (none in the metadata) still load; a
    /// checksum that is not 8 hex digits or names no tensor is refused.
    @Test func filesWithoutChecksumsLoadAndBadChecksumsAreRefused() throws {
        let data = [0, 0, 128, 63] as [UInt8]  // 1.0
        let old = file(header: #"{"__metadata__": {"epoch": "3"}, "x": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}"#, data: data)
        let (loaded, metadata) = try SafeTensors.decode(old, path: "f")
        #expect(loaded["x"]?.scalars == [1] && metadata == ["epoch": "3"])
        let entry = #""x": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}"#
        #expect(reason(file(header: #"{"__metadata__": {"crc32:x": "+0000001"}, "# + entry + "}", data: data))
            == "checksum 'crc32:x' is '+0000001', not 8 hexadecimal digits")
        #expect(reason(file(header: #"{"__metadata__": {"crc32:y": "00000000"}, "# + entry + "}", data: data))
            == "checksum 'crc32:y' is for a tensor the file does not hold")
    }
}
