import Testing

/// One conformance check bound to one case, in either precision: what a
/// parameterised test runs, since a test function cannot be generic.
struct BoundCheck: Sendable, CustomTestStringConvertible {
    /// The check's name, the case's and the precision's.
    let testDescription: String
    let run: @Sendable () throws -> Void

    init(_ description: String, run: @escaping @Sendable () throws -> Void) {
        self.testDescription = description
        self.run = run
    }
}
