/// An MPI call that failed, named with the call and MPI's own message for
/// its error code (`MPI_Error_string`).
public struct MPIError: Error, Equatable, CustomStringConvertible {
    /// The C function, such as `MPI_Allreduce`.
    public let call: String
    /// MPI's error code.
    public let code: Int32
    /// MPI's message for the code.
    public let reason: String

    public var description: String { "MPI \(call) failed (\(code)): \(reason)" }
}
