/// Why a reference posterior could not be computed.
public enum PosteriorReferenceError: Error, Equatable, CustomStringConvertible {
    /// The posteriordb data folder is not where it was looked for.
    case dataFolderMissing(path: String)
    /// A data file could not be read or is not a JSON object.
    case dataFileUnreadable(path: String, reason: String)
    /// A data file lacks a key the model needs.
    case missingKey(key: String, file: String)
    /// A data file's value under `key` is not of the expected kind.
    case wrongKind(key: String, file: String, expected: String)
    /// A matrix that must be symmetric positive definite is not.
    case notPositiveDefinite(matrix: String)
    /// GSL's adaptive quadrature gave up on an integral.
    case quadratureFailed(integral: String, reason: String)
    /// The search for a posterior mode did not converge.
    case modeNotFound(posterior: String, reason: String)

    public var description: String {
        switch self {
        case let .dataFolderMissing(path):
            "the posteriordb data folder is absent (looked in \(path)); set LATENT_POSTERIORDB to it"
        case let .dataFileUnreadable(path, reason):
            "\(path) could not be read as a JSON object: \(reason)"
        case let .missingKey(key, file):
            "\(file) has no key \"\(key)\""
        case let .wrongKind(key, file, expected):
            "\(file): \"\(key)\" is not \(expected)"
        case let .notPositiveDefinite(matrix):
            "\(matrix) is not symmetric positive definite"
        case let .quadratureFailed(integral, reason):
            "the quadrature of \(integral) failed: \(reason)"
        case let .modeNotFound(posterior, reason):
            "the mode of \(posterior) was not found: \(reason)"
        }
    }
}
