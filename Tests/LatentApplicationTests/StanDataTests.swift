import Foundation
import LatentApplication
import LatentCore
import Testing

/// The posteriordb data folder: LATENT_POSTERIORDB, else ../shared/data/posteriordb
/// beside the package; nil (with a note saying where it looked) when absent.
func posteriorDatabaseFolder() -> String? {
    let folder = ProcessInfo.processInfo.environment["LATENT_POSTERIORDB"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../../shared/data/posteriordb").standardized.path
    guard FileManager.default.fileExists(atPath: "\(folder)/kidiq.json") else {
        print("The posteriordb data are absent (looked in \(folder)); set LATENT_POSTERIORDB to run these tests. Skipped.")
        return nil
    }
    return folder
}

/// Stan / posteriordb JSON data: the five published files read into
/// tensors of the right shapes and values; bad files and keys are typed
/// errors naming the file and the key.
@Suite("Stan JSON data")
struct StanDataTests {
    /// Sizes agree with the arrays they size, matrices come out row-major,
    /// and values are those of the files (first and last entries, checked
    /// against the published JSON by eye and by Python's json module).
    @Test func readsTheFivePosteriorDatabaseFiles() throws {
        guard let folder = posteriorDatabaseFolder() else { return }
        let schools = try StanData(contentsOf: "\(folder)/eight_schools.json")
        #expect(schools.keys == ["J", "sigma", "y"])
        #expect(try schools.integer("J") == 8)
        #expect(try schools.tensor("y", as: Double.self).scalars == [28, 8, -3, 7, -1, 1, 18, 12])
        #expect(try schools.tensor("sigma", as: Float.self).scalars == [15, 10, 16, 11, 9, 11, 10, 18])

        let kidiq = try StanData(contentsOf: "\(folder)/kidiq.json")
        let score: Tensor<Double> = try kidiq.tensor("kid_score")
        #expect(score.shape == [try kidiq.integer("N")] && score.shape == [434])
        #expect(score.scalars.first == 65)
        #expect(try kidiq.tensor("mom_iq", as: Double.self).shape == [434])

        let mesquite = try StanData(contentsOf: "\(folder)/mesquite.json")
        for key in ["canopy_height", "density", "diam1", "diam2", "group", "total_height", "weight"] {
            #expect(try mesquite.tensor(key, as: Double.self).shape == [try mesquite.integer("N")], "\(key)")
        }

        let sblri = try StanData(contentsOf: "\(folder)/sblri.json")
        let design = try sblri.tensor("X", as: Double.self)
        #expect(design.shape == [try sblri.integer("N"), try sblri.integer("D")] && design.shape == [100, 5])
        let rows = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/sblri.json"))) as! [String: Any]
        let firstRow = (rows["X"] as! [[Double]])[0], lastRow = (rows["X"] as! [[Double]])[99]
        #expect(Array(design.scalars.prefix(5)) == firstRow)
        #expect(Array(design.scalars.suffix(5)) == lastRow)

        let mixture = try StanData(contentsOf: "\(folder)/low_dim_gauss_mix.json")
        let y = try mixture.tensor("y", as: Double.self)
        #expect(y.shape == [1_000] && y.scalars.first == -3.58542974746427)
    }

    /// Scalars, vectors, matrices and higher arrays of any nesting; integers
    /// and CmdStan's non-finite strings; empty arrays.
    @Test func readsEveryShape() throws {
        let text = #"{"n": 3, "x": 2.5, "v": [1, 2.5, -3e2], "m": [[1, 2, 3], [4, 5, 6]], "a": [[[1], [2]], [[3], [4]]],"#
            + #" "e": [], "big": "Inf", "odd": ["-inf", "NaN"]}"#
        let data = try StanData(json: Data(text.utf8), source: "inline")
        #expect(try data.integer("n") == 3)
        #expect(try data.number("x") == 2.5)
        #expect(try data.tensor("v", as: Double.self).scalars == [1, 2.5, -300])
        let matrix = try data.tensor("m", as: Float.self)
        #expect(matrix.shape == [2, 3] && matrix.scalars == [1, 2, 3, 4, 5, 6])
        #expect(try data.tensor("a", as: Double.self).shape == [2, 2, 1])
        #expect(try data.tensor("e", as: Double.self).shape == [0])
        #expect(try data.number("big") == .infinity)
        let odd = try data.tensor("odd", as: Double.self).scalars
        #expect(odd[0] == -.infinity && odd[1].isNaN)
    }

    /// Each kind of bad input is a DataError naming the file and, where
    /// there is one, the key.
    @Test func badInputNamesTheFileAndTheKey() throws {
        let folder = NSTemporaryDirectory() + "latent-stan-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func file(_ name: String, _ text: String) throws -> String {
            let path = "\(folder)/\(name)"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let ragged = try file("ragged.json", #"{"X": [[1, 2], [3]]}"#)
        #expect(throws: DataError.badValue(path: ragged, key: "X", reason: "ragged: entry 1 has shape [1], entry 0 has [2]")) {
            try StanData(contentsOf: ragged)
        }
        let word = try file("word.json", #"{"y": [1, "two", 3]}"#)
        #expect(throws: DataError.badValue(path: word, key: "y", reason: "entry 1: the string \"two\" is not a number")) {
            try StanData(contentsOf: word)
        }
        let flag = try file("flag.json", #"{"y": [[1, 2], [true, 3]]}"#)
        #expect(throws: DataError.badValue(path: flag, key: "y", reason: "entry 1: entry 0: the Boolean true is not a number")) {
            try StanData(contentsOf: flag)
        }
        let array = try file("array.json", "[1, 2, 3]")
        #expect(throws: DataError.badJSON(path: array, reason: "is not a JSON object of named values")) { try StanData(contentsOf: array) }
        let broken = try file("broken.json", #"{"y": [1, 2"#)
        #expect(throws: DataError.badJSON(path: broken, reason: "is not valid JSON")) { try StanData(contentsOf: broken) }
        #expect(throws: DataError.cannotOpen(path: "\(folder)/absent.json")) { try StanData(contentsOf: "\(folder)/absent.json") }

        let good = try file("good.json", #"{"N": 2.5, "y": [1, 2]}"#)
        let data = try StanData(contentsOf: good)
        #expect(throws: DataError.missingKey(path: good, key: "x")) { try data.tensor("x", as: Double.self) }
        #expect(throws: DataError.badValue(path: good, key: "N", reason: "2.5 is not an integer")) { try data.integer("N") }
        #expect(throws: DataError.badValue(path: good, key: "y", reason: "an array of shape [2], not a single number")) {
            try data.integer("y")
        }
    }

    /// Numbers a reader cannot hold: one past Double's range (JSON allows
    /// it; the decoder refuses it) and one past Float's (3.4e38) read as
    /// Float. Both are named, not read as "an object" or as infinity.
    @Test func numbersOutOfRangeAreNamed() throws {
        let data = try StanData(json: Data(#"{"small": [1, 1e300]}"#.utf8), source: "range.json")
        #expect(throws: DataError.badValue(path: "range.json", key: "small", reason: "entry 1 (flat, rows first), 1e+300, overflows Float")) {
            try data.tensor("small", as: Float.self)
        }
        #expect(try data.tensor("small", as: Double.self).scalars == [1, 1e300])
        #expect(throws: DataError.badValue(path: "range.json", key: "huge", reason: "a number beyond Double's range (±1.8e308) is not a number")) {
            try StanData(json: Data(#"{"huge": 1e400}"#.utf8), source: "range.json")
        }
        #expect(throws: DataError.badValue(path: "range.json", key: "map", reason: "an object is not a number")) {
            try StanData(json: Data(#"{"map": {"a": 1}}"#.utf8), source: "range.json")
        }
    }
}
