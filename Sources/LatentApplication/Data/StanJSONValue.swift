import Foundation

/// A number or a (possibly ragged) nest of arrays of numbers, as decoded,
/// before it is checked into a rectangular ``StanArray``.
indirect enum StanJSONValue: Decodable, Sendable {
    case number(Double)
    case array([StanJSONValue])
    /// Anything else (a string, a Boolean, null, an object, a number beyond
    /// Double's range), described.
    case other(String)

    /// What makes a value unusable, said for an error message.
    struct Problem: Error {
        let reason: String
    }

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let array = try? container.decode([StanJSONValue].self) {
            self = .array(array)
        } else if let text = try? container.decode(String.self) {
            self = Self.nonFinite(text).map(StanJSONValue.number) ?? .other("the string \"\(text)\"")
        } else if let flag = try? container.decode(Bool.self) {
            self = .other("the Boolean \(flag)")
        } else if container.decodeNil() {
            self = .other("null")
        } else if (try? container.decode([String: StanJSONValue].self)) != nil {
            self = .other("an object")
        } else {
            self = .other("a number beyond Double's range (±1.8e308)")
        }
    }

    /// CmdStan's spellings of non-finite numbers.
    private static func nonFinite(_ text: String) -> Double? {
        switch text.lowercased() {
        case "inf", "+inf", "infinity", "+infinity": .infinity
        case "-inf", "-infinity": -.infinity
        case "nan": .nan
        default: nil
        }
    }

    /// The rectangular array of numbers this value is.
    /// - Throws: ``Problem`` for a non-numeric entry or ragged rows.
    func array() throws -> StanArray {
        switch self {
        case let .number(value):
            return StanArray(shape: [], scalars: [value])
        case let .other(description):
            throw Problem(reason: "\(description) is not a number")
        case let .array(elements):
            let parts = try elements.enumerated().map { index, element in
                do {
                    return try element.array()
                } catch let problem as Problem {
                    throw Problem(reason: "entry \(index): \(problem.reason)")
                }
            }
            guard let first = parts.first else { return StanArray(shape: [0], scalars: []) }
            if let ragged = parts.firstIndex(where: { $0.shape != first.shape }) {
                throw Problem(reason: "ragged: entry \(ragged) has shape \(parts[ragged].shape), entry 0 has \(first.shape)")
            }
            return StanArray(shape: [parts.count] + first.shape, scalars: parts.flatMap(\.scalars))
        }
    }
}

/// A rectangular array of numbers, row-major.
struct StanArray: Sendable {
    let shape: [Int]
    let scalars: [Double]
}
