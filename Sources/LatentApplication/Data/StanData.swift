import Foundation
import LatentCore

/// The data of a Stan program as CmdStan and the posterior database
/// (posteriordb) write them: one JSON object of named values, each a number
/// (a scalar), an array of numbers (a vector) or arrays of arrays (a matrix
/// or higher array, row-major: the inner arrays are the rows).
///
/// ```swift
/// let data = try StanData(contentsOf: "kidiq.json")
/// let score: Tensor<Double> = try data.tensor("kid_score")
/// let count = try data.integer("N")
/// ```
///
/// Every value is read as `Double` (integers included; they are exact up to
/// 2⁵³) and converted on request. The strings "Inf", "-Inf" and "NaN"
/// (any case), which CmdStan writes for non-finite numbers, are read as such.
public struct StanData: Sendable {
    /// Where the data came from, for error messages: a path, or a name given
    /// by the caller.
    public let source: String
    private let values: [String: StanArray]

    /// Reads the file at `path`.
    /// - Throws: ``DataError/cannotOpen(path:)`` for a file that cannot be
    ///   read, ``DataError/badJSON(path:reason:)`` for text that is not JSON
    ///   or not an object, ``DataError/badValue(path:key:reason:)`` for a
    ///   value that is not a number or a rectangular array of numbers.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw DataError.cannotOpen(path: path) }
        try self.init(json: data, source: path)
    }

    /// Reads JSON text; `source` names it in errors.
    /// - Throws: as ``init(contentsOf:)``.
    public init(json: Data, source: String) throws {
        self.source = source
        let object: [String: StanJSONValue]
        do {
            object = try JSONDecoder().decode([String: StanJSONValue].self, from: json)
        } catch DecodingError.typeMismatch {
            throw DataError.badJSON(path: source, reason: "is not a JSON object of named values")
        } catch {
            throw DataError.badJSON(path: source, reason: "is not valid JSON")
        }
        var values: [String: StanArray] = [:]
        for key in object.keys.sorted() {
            do {
                values[key] = try object[key]!.array()
            } catch let problem as StanJSONValue.Problem {
                throw DataError.badValue(path: source, key: key, reason: problem.reason)
            }
        }
        self.values = values
    }

    /// The names of the values, sorted.
    public var keys: [String] { values.keys.sorted() }

    /// The value named `key` as a tensor: rank 0 for a number, 1 for an
    /// array, 2 for an array of arrays (rows first), and so on.
    /// - Throws: ``DataError/missingKey(path:key:)``, or
    ///   ``DataError/badValue(path:key:reason:)`` for a finite number that
    ///   overflows `Scalar` (beyond Float's ±3.4e38).
    public func tensor<Scalar: TensorScalar>(_ key: String, as scalar: Scalar.Type = Scalar.self) throws -> Tensor<Scalar> {
        let value = try self[key]
        let scalars = value.scalars.map { Scalar($0) }
        if let index = scalars.indices.first(where: { value.scalars[$0].isFinite && !scalars[$0].isFinite }) {
            throw DataError.badValue(
                path: source, key: key, reason: "entry \(index) (flat, rows first), \(value.scalars[index]), overflows \(Scalar.self)")
        }
        return try Tensor(shape: value.shape, scalars: scalars)
    }

    /// The number named `key`.
    /// - Throws: ``DataError/missingKey(path:key:)``, or
    ///   ``DataError/badValue(path:key:reason:)`` for an array.
    public func number(_ key: String) throws -> Double {
        let value = try self[key]
        guard value.shape.isEmpty else {
            throw DataError.badValue(path: source, key: key, reason: "an array of shape \(value.shape), not a single number")
        }
        return value.scalars[0]
    }

    /// The integer named `key` (a size such as N or J).
    /// - Throws: as ``number(_:)``, and ``DataError/badValue(path:key:reason:)``
    ///   for a number that is not an integer.
    public func integer(_ key: String) throws -> Int {
        let value = try number(key)
        guard value == value.rounded(), Swift.abs(value) <= 0x1p53 else {
            throw DataError.badValue(path: source, key: key, reason: "\(value) is not an integer")
        }
        return Int(value)
    }

    private subscript(key: String) -> StanArray {
        get throws {
            guard let value = values[key] else { throw DataError.missingKey(path: source, key: key) }
            return value
        }
    }
}
