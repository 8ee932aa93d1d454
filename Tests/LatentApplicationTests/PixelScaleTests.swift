import Foundation
import LatentApplication
import LatentCore
import Testing

/// One pixel scale per CSV data set: decided by the training file, held for
/// the test file; values outside it are errors naming line and cell.
@Suite("CSV pixel scale")
struct PixelScaleTests {
    /// A folder holding train.csv and test.csv with the given text.
    func folder(train: String, test: String) throws -> String {
        let folder = try temporaryFolder()
        try train.write(toFile: "\(folder)/train.csv", atomically: true, encoding: .utf8)
        try test.write(toFile: "\(folder)/test.csv", atomically: true, encoding: .utf8)
        return folder
    }

    /// Grey levels in both files: both divided by 255 (in Double, then
    /// rounded once to Float, so equal to Float(k / 255) exactly).
    @Test func bothFilesOnTheTrainingScale() throws {
        let folder = try folder(train: "label,a,b,c,d\n1,0,255,51,102\n", test: "label,a,b,c,d\n2,0,255,0,3\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (train, test) = try ImageDataSet.csv(folder: folder)
        #expect(train.images.scalars == [0, 1, 0.2, 0.4])
        #expect(test.images.scalars == [0, 1, 0, Float(3.0 / 255)])
    }

    /// A test file in [0, 1] beside a 0–255 training file was once scaled
    /// as [0, 1] while the training file was divided by 255.
    @Test func aTestFileInUnitRangeBesideGreyLevelsIsRefused() throws {
        let folder = try folder(train: "0,255,51,102\n", test: "0,0.5,1,0\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: DataError.inconsistentScale(
            path: "\(folder)/test.csv",
            reason: "every pixel value lies in [0, 1], but \(folder)/train.csv holds 0–255 grey levels: write both files on one scale")) {
            _ = try ImageDataSet.csv(folder: folder)
        }
    }

    /// A test file with grey levels beside a [0, 1] training file was once
    /// divided by 255 while the training file was not.
    @Test func greyLevelsBesideAUnitTrainingFileAreRefusedByLineAndCell() throws {
        let folder = try folder(train: "label,a,b,c,d\n1,0,1,0.5,0\n", test: "label,a,b,c,d\n\n2,0,1,0,0\n3,0,0,200,0\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: DataError.badRow(
            path: "\(folder)/test.csv", line: 4, reason: "cell 4, 200.0, lies outside [0, 1], the scale of \(folder)/train.csv")) {
            _ = try ImageDataSet.csv(folder: folder)
        }
    }

    /// A value outside [0, 255] (or negative) in a single file, named by
    /// line and cell; blank lines and CR LF endings count as lines.
    @Test func pixelRangeErrorsCarryLineAndCell() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = "\(folder)/p.csv"
        try "p1,p2,p3,p4\r\n0,1,0,1\r\n\r\n0,300,0,1\r\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: DataError.badRow(path: path, line: 4, reason: "cell 2, 300.0, lies outside [0, 255]")) {
            _ = try PixelCSV.load(at: path, labelled: false)
        }
        try "0,1,0,1\n\n1,0,-1,0\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: DataError.badRow(path: path, line: 3, reason: "cell 3, -1.0, lies outside [0, 1]")) {
            _ = try PixelCSV.load(at: path, labelled: false)
        }
        try "0,1,0,1\n\n1,x,1,0\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: DataError.badRow(path: path, line: 3, reason: "cell 2, 'x', is not a finite number")) {
            _ = try PixelCSV.load(at: path, labelled: false)
        }
        try "0,2,0,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: DataError.badRow(path: path, line: 1, reason: "cell 2, 2.0, lies outside [0, 1]")) {
            _ = try PixelCSV.load(at: path, labelled: false, scale: .unit)
        }
    }
}
