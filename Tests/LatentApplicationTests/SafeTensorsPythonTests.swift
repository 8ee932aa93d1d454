import Foundation
import LatentApplication
import LatentCore
import Testing

/// The files we write, checksums included, read by Hugging Face's own
/// reader: Python's `safetensors` package, when it is installed (skipped
/// otherwise; `pip install safetensors numpy`).
@Suite("safetensors read by Python")
struct SafeTensorsPythonTests {
    /// Runs `python3 -c script arguments…`; its standard output, or nil when it fails.
    static func python(_ script: String, _ arguments: [String] = []) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? text : nil
    }

    static let pythonHasSafetensors = python("import safetensors.numpy") != nil

    /// Python reads every tensor bit for bit and the metadata, checksums
    /// included, as strings.
    @Test(.enabled(if: pythonHasSafetensors)) func pythonReadsOurTensorsAndChecksums() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/t.safetensors"
        let weights = try Tensor<Float>(shape: [2, 3], scalars: [1, -2.5, 3e-38, .infinity, 0, 7])
        try Data(SafeTensors.encode([("w", weights), ("b", Tensor([0.25]))], metadata: ["epoch": "3"])).write(to: URL(fileURLWithPath: path))
        let script = """
            import sys, json, numpy
            from safetensors import safe_open
            from safetensors.numpy import load_file
            tensors = load_file(sys.argv[1])
            with safe_open(sys.argv[1], framework="numpy") as f:
                metadata = f.metadata()
            print(json.dumps({"w": tensors["w"].view(numpy.uint32).tolist(), "w.shape": list(tensors["w"].shape),
                              "b": tensors["b"].view(numpy.uint32).tolist(), "metadata": metadata}, sort_keys=True))
            """
        let output = try #require(Self.python(script, [path]))
        let read = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(read["w"] as? [[UInt32]] == [[1, -2.5, 3e-38], [.infinity, 0, 7]].map { $0.map { (value: Float) in value.bitPattern } })
        #expect(read["w.shape"] as? [Int] == [2, 3])
        #expect(read["b"] as? [UInt32] == [Float(0.25).bitPattern])
        let metadata = try #require(read["metadata"] as? [String: String])
        #expect(metadata["epoch"] == "3")
        #expect(metadata["crc32:w"]?.count == 8 && metadata["crc32:b"]?.count == 8)
    }
}
