import Foundation

/// One posteriordb data set: a JSON object of named numbers, vectors and
/// matrices (row-major nested arrays), read with Foundation's
/// `JSONSerialization`.
public struct PosteriorData: Sendable {
    /// The file the values were read from, for error messages.
    public let file: String
    private let values: [String: Value]

    private enum Value: Sendable {
        case number(Double)
        case vector([Double])
        case matrix([[Double]])

        /// A number, an array of numbers or an array of arrays of numbers;
        /// anything else is left out (and reported as missing when asked for).
        init?(_ json: Any) {
            if let number = json as? NSNumber {
                self = .number(number.doubleValue)
            } else if let numbers = json as? [NSNumber] {
                self = .vector(numbers.map(\.doubleValue))
            } else if let rows = json as? [[NSNumber]] {
                self = .matrix(rows.map { $0.map(\.doubleValue) })
            } else {
                return nil
            }
        }
    }

    /// Reads `<folder>/<name>.json`, where the folder is
    /// ``PosteriorData/folder()``.
    public static func load(_ name: String) throws -> PosteriorData {
        let path = try folder() + "/" + name + ".json"
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw PosteriorReferenceError.dataFileUnreadable(path: path, reason: "\(error.localizedDescription)")
        }
        guard let dictionary = object as? [String: Any] else {
            throw PosteriorReferenceError.dataFileUnreadable(path: path, reason: "the top level is not an object")
        }
        return PosteriorData(file: path, values: dictionary.compactMapValues(Value.init))
    }

    /// The posteriordb data folder: `$LATENT_POSTERIORDB`, else
    /// `../shared/data/posteriordb` next to the package root.
    public static func folder() throws -> String {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = ProcessInfo.processInfo.environment["LATENT_POSTERIORDB"]
            ?? packageRoot.appendingPathComponent("../shared/data/posteriordb").standardized.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
            throw PosteriorReferenceError.dataFolderMissing(path: path)
        }
        return path
    }

    /// The vector under `key`.
    public func vector(_ key: String) throws -> [Double] {
        guard case let .vector(vector) = try value(key) else {
            throw PosteriorReferenceError.wrongKind(key: key, file: file, expected: "a vector of numbers")
        }
        return vector
    }

    /// The matrix under `key`, as its rows.
    public func matrix(_ key: String) throws -> [[Double]] {
        guard case let .matrix(rows) = try value(key), let width = rows.first?.count, rows.allSatisfy({ $0.count == width }) else {
            throw PosteriorReferenceError.wrongKind(key: key, file: file, expected: "a matrix of numbers with rows of one length")
        }
        return rows
    }

    private func value(_ key: String) throws -> Value {
        guard let value = values[key] else { throw PosteriorReferenceError.missingKey(key: key, file: file) }
        return value
    }
}
