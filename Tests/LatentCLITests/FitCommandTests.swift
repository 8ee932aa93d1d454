import Foundation
import Testing

/// `latent fit`: a bundled model fitted to posteriordb JSON, its outputs
/// written, and its bad inputs named.
@Suite("latent fit", .serialized)
struct FitCommandTests {
    /// eight_schools.json as posteriordb publishes it.
    static let eightSchools = #"{"J": 8, "y": [28, 8, -3, 7, -1, 1, 18, 12], "sigma": [15, 10, 16, 11, 9, 11, 10, 18]}"#

    /// A fresh folder holding `eight_schools.json`.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "latent-fit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data(eightSchools.utf8).write(to: URL(fileURLWithPath: "\(path)/eight_schools.json"))
        return path
    }

    /// The fit prints every posterior site and the diagnostics, writes the
    /// three files, and a second fit into the same folder is refused before
    /// it starts, leaving the first one's files as they were, unless
    /// `--overwrite`.
    @Test func fitsWritesAndRefusesToOverwrite() throws {
        let folder = try Self.folder()
        let arguments = ["fit", "eight-schools", "--data", "\(folder)/eight_schools.json", "--out", "\(folder)/run", "--draws", "500"]
        let first = try run(arguments)
        #expect(first.status == 0, "\(first.errors)")
        for line in ["\nmu  ", "\ntau  ", "\ntheta\n", "theta_trans\n", "\ndiagnostics: log p(x)"] {
            #expect(first.output.contains(line), "missing \(line) in \(first.output)")
        }
        let files = ["posterior.nc", "loss.svg", "forest.svg"]
        let before = try files.map { try Data(contentsOf: URL(fileURLWithPath: "\(folder)/run/\($0)")) }
        #expect(before.allSatisfy { !$0.isEmpty })
        let second = try run(arguments)
        #expect(second.status != 0)
        #expect(second.errors.contains("\(folder)/run/posterior.nc already exists: pass --overwrite"), "\(second.errors)")
        #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: "\(folder)/run/\($0)")) } == before)
        let third = try run(arguments + ["--overwrite", "--seed", "7"])
        #expect(third.status == 0, "\(third.errors)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/run/posterior.nc")) != before[0])
    }

    /// Bad arguments and data: a non-zero exit and an error naming what is wrong.
    @Test(arguments: [
        (["fit", "nine-schools", "--data", "x.json", "--out", "run"], "unknown model 'nine-schools'; the models are eight-schools, kidiq"),
        (["fit", "eight-schools", "--data", "x.json", "--out", "run", "--draws", "5"], "--draws must be in 100…1000000, got 5"),
        (["fit", "eight-schools", "--data", "/nonexistent/eight_schools.json", "--out", "run"], "/nonexistent/eight_schools.json"),
        (["fit", "eight-schools", "--data", "x.json", "--out", ""], "--out must name a folder, got ''"),
        (["fit", "eight-schools", "--data", "eight_schools.json", "--out", "eight_schools.json"], "eight_schools.json is a file, not a folder"),
    ])
    func badInputIsNamed(arguments: [String], message: String) throws {
        let result = try run(arguments, in: try Self.folder())
        #expect(result.status != 0)
        #expect(result.errors.contains(message), "\(result.errors)")
    }

    /// Data of another posterior: the model names the entry it lacks.
    @Test func dataOfAnotherModelIsNamed() throws {
        let folder = try Self.folder()
        try Data(#"{"N": 3, "kid_score": [1, 2, 3]}"#.utf8).write(to: URL(fileURLWithPath: "\(folder)/other.json"))
        let result = try run(["fit", "eight-schools", "--data", "\(folder)/other.json", "--out", "\(folder)/run"])
        #expect(result.status != 0)
        #expect(result.errors.contains("other.json") && result.errors.contains("has no value named 'y'"), "\(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/run"))
    }
}
