/// A netCDF call that failed, named with the file, the call and what it
/// was writing (a group, a dimension, a variable).
public struct NetCDFError: Error, Equatable, CustomStringConvertible {
    /// The file asked for (the library writes a temporary file beside it first).
    public let path: String
    /// The C function, such as `nc_def_var`.
    public let call: String
    /// What the call was about: `group posterior, variable theta`.
    public let subject: String
    /// The library's message for its status code (`nc_strerror`).
    public let reason: String

    /// The failure in words: the file, the call, its subject and the library's reason.
    public var description: String {
        "\(path): netCDF \(call) failed for \(subject): \(reason)"
    }
}
