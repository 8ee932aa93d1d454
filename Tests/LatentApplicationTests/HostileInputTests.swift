import Foundation
import LatentApplication
import LatentCore
import LatentModels
import Testing

/// Faults of the same kind as the issue's, found beyond its list: each a
/// typed error, never a trap or an unnoticed change.
@Suite("Hostile input beyond the listed cases")
struct HostileInputTests {
    /// A side whose square overflows trapped computing `side * side`; a
    /// negative label trapped later, indexing the scatter plot's palette.
    @Test func imageSetsRefuseOverflowingSidesAndNegativeLabels() throws {
        #expect(throws: DataError.dimensionMismatch(path: "memory", reason: "images of shape [1, 4] are not rows of \(Int.max)×\(Int.max) pixels")) {
            _ = try ImageDataSet(images: Tensor.zeros([1, 4]), labels: nil, side: Int.max, source: "memory")
        }
        #expect(throws: DataError.dimensionMismatch(path: "memory", reason: "label 1 is negative (-3)")) {
            _ = try ImageDataSet(images: Tensor.zeros([2, 4]), labels: [0, -3], side: 2, source: "memory")
        }
    }

    /// A checkpoint byte flipped after saving is caught on restore, naming
    /// the tensor it lies in; a checkpoint without checksums (as older
    /// versions wrote) restores.
    @Test func aDamagedCheckpointNamesTheDamagedTensor() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/checkpoint.safetensors"
        let training = try smallTraining()
        try training.trainEpoch()
        try Checkpoint.save(training, history: TrainingHistory(), to: path)
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        // Tensors are laid out in name order: the last byte is the last name's.
        let lastTensor = try #require(try SafeTensors.decode(bytes, path: path).tensors.keys.sorted().last)
        bytes[bytes.count - 1] ^= 0x04
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: DataError.self) { _ = try Checkpoint.restore(try smallTraining(), from: path) }
        guard case let .checksumMismatch(failedPath, tensor, _, _)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(failedPath == path && tensor == lastTensor)
    }
}
