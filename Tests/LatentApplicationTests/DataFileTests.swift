import Foundation
import LatentApplication
import LatentCore
import LatentInference
import LatentModels
import Testing

/// Reading the data files (IDX, CSV) and checkpoints: good files load,
/// bad ones are typed errors naming the file.
@Suite("Data files and checkpoints")
struct DataFileTests {
    /// Bad data: a file that is not IDX, a truncated one, images of the wrong
    /// size for the model, a damaged checkpoint: each a DataError naming the file.
    @Test func badDataAreTypedErrorsNamingTheFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let notIDX = "\(folder)/train-images-idx3-ubyte"
        try Data([0, 0, 8, 1, 0, 0, 0, 1]).write(to: URL(fileURLWithPath: notIDX))
        #expect(throws: DataError.badMagic(path: notIDX, found: 0x801, expected: 0x803)) { _ = try IDX.images(at: notIDX) }
        let truncated = "\(folder)/t"
        try Data([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3]).write(to: URL(fileURLWithPath: truncated))
        #expect(throws: DataError.truncated(path: truncated, expectedBytes: 1_568, readBytes: 3)) { _ = try IDX.images(at: truncated) }
        let corrupt = "\(folder)/c.gz"
        try Data([0x1F, 0x8B, 8, 0] + Array("not deflate data at all".utf8)).write(to: URL(fileURLWithPath: corrupt))
        let error = #expect(throws: DataError.self) { _ = try IDX.images(at: corrupt) }
        if case .corrupt(let path, _)? = error { #expect(path == corrupt) } else { Issue.record("\(String(describing: error))") }
        #expect(throws: DataError.cannotOpen(path: folder + "/missing/train-images-idx3-ubyte[.gz]")) {
            _ = try ImageDataSet.mnist(folder: folder + "/missing")
        }
        #expect(throws: DataError.noDataSet(folder: folder + "/missing")) { _ = try ImageDataSet.load(folder: folder + "/missing") }
        let (train, test) = try ImageDataSet.glyphs(trainCount: 20, testCount: 10, seed: 1)
        #expect(throws: DataError.self) {
            _ = try VAETraining(vae: VariationalAutoencoder(pixels: 100, latentDimension: 2, hidden: [8]), train: train, test: test)
        }
        let damaged = "\(folder)/checkpoint.safetensors"
        try Data([9, 0, 0, 0, 0, 0, 0, 0, 0x7B]).write(to: URL(fileURLWithPath: damaged))
        #expect(throws: DataError.self) { _ = try Checkpoint.restore(try smallTraining(), from: damaged) }
    }

    /// CSV pixel rows: a header skipped, labels read, 0–255 scaled to [0, 1];
    /// a short row or a non-number is an error naming the file and line.
    @Test func csvPixelRowsLoadOrFailNamingTheLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let good = "\(folder)/good.csv"
        try "label,p1,p2,p3,p4\n3,0,255,51,0\n7,255,255,0,102\n".write(toFile: good, atomically: true, encoding: .utf8)
        let set = try PixelCSV.load(at: good, labelled: true)
        #expect(set.count == 2 && set.side == 2 && set.labels == [3, 7])
        #expect(zip(set.images.scalars, [0, 1, 0.2, 0, 1, 1, 0, 0.4] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
        let short = "\(folder)/short.csv"
        try "0,1,0,1\n1,0,1\n".write(toFile: short, atomically: true, encoding: .utf8)
        #expect(throws: DataError.badRow(path: short, line: 2, reason: "3 pixels, the first row has 4")) { _ = try PixelCSV.load(at: short, labelled: false) }
        try "label,p1,p2,p3,p4\n1,0,0,0,0\n".write(toFile: "\(folder)/test.csv", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(atPath: good, toPath: "\(folder)/train.csv")
        let (train, test) = try ImageDataSet.load(folder: folder)
        #expect(train.count == 2 && test.count == 1 && test.labels == [1])
        let word = "\(folder)/word.csv"
        try "0,1,0,1\n1,x,1,0\n".write(toFile: word, atomically: true, encoding: .utf8)
        #expect(throws: DataError.badRow(path: word, line: 2, reason: "cell 2, 'x', is not a finite number")) {
            _ = try PixelCSV.load(at: word, labelled: false)
        }
        // An empty cell was dropped, shifting the row; a label of 1e20 trapped converting to Int.
        let empty = "\(folder)/empty.csv"
        try "0,1,0,1\n1,,1,0,1\n".write(toFile: empty, atomically: true, encoding: .utf8)
        #expect(throws: DataError.badRow(path: empty, line: 2, reason: "cell 2 is empty")) { _ = try PixelCSV.load(at: empty, labelled: false) }
        let huge = "\(folder)/huge.csv"
        try "1e20,0,1,0,1\n".write(toFile: huge, atomically: true, encoding: .utf8)
        #expect(throws: DataError.badRow(path: huge, line: 1, reason: "the label is not a non-negative integer")) {
            _ = try PixelCSV.load(at: huge, labelled: true)
        }
    }

    /// Images that are not rows of side×side pixels, or no images at all,
    /// are a DataError naming their source (they once trapped on `shape[1]`).
    @Test func imagesThatAreNotSquareRowsAreRejected() throws {
        #expect(throws: DataError.dimensionMismatch(path: "memory", reason: "images of shape [2, 5] are not rows of 2×2 pixels")) {
            _ = try ImageDataSet(images: Tensor.zeros([2, 5]), labels: nil, side: 2, source: "memory")
        }
        #expect(throws: DataError.self) { _ = try ImageDataSet(images: Tensor.zeros([4]), labels: nil, side: 2, source: "memory") }
        #expect(throws: DataError.self) { _ = try ImageDataSet(images: Tensor.zeros([0, 4]), labels: [], side: 2, source: "memory") }
        #expect(throws: DataError.dimensionMismatch(path: "memory", reason: "1 labels for 2 images")) {
            _ = try ImageDataSet(images: Tensor.zeros([2, 4]), labels: [3], side: 2, source: "memory")
        }
    }
}
