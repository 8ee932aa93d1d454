/// What went wrong in a tensor operation, named so that a user can find it.
public enum TensorError: Error, Equatable, CustomStringConvertible {
    /// Two shapes that `operation` needs to agree (or broadcast) do not;
    /// `lhs` and `rhs` are the two shapes.
    case shapeMismatch(operation: String, lhs: [Int], rhs: [Int])
    /// A `shape` that is not valid for `operation` (wrong rank, negative
    /// size…); `reason` says what is wrong with it.
    case invalidShape(operation: String, shape: [Int], reason: String)
    /// An `axis` outside `-rank..<rank`, given to `operation` for a tensor of rank `rank`.
    case invalidAxis(operation: String, axis: Int, rank: Int)
    /// An `index` outside `0..<bound`, given to `operation`.
    case indexOutOfRange(operation: String, index: Int, bound: Int)
    /// `count` scalars given for `shape`, which needs the product of its sizes.
    case scalarCountMismatch(shape: [Int], count: Int)
    /// A matrix given to `operation` is not symmetric positive definite: the
    /// leading minor of order `minor` is not positive.
    case notPositiveDefinite(operation: String, minor: Int)
    /// A triangular matrix given to `operation` has a zero on its diagonal, in row `row`.
    case singularMatrix(operation: String, row: Int)
    /// A gradient was asked of a value that is not a single scalar; `shape` is its shape.
    case nonScalarOutput(shape: [Int])
    /// An argument outside the range `operation` accepts; `reason` says what is wrong with it.
    case invalidArgument(operation: String, reason: String)

    /// A one-line message naming what failed and the values involved.
    public var description: String {
        switch self {
        case let .shapeMismatch(operation, lhs, rhs):
            "\(operation): shapes \(lhs) and \(rhs) are not compatible"
        case let .invalidShape(operation, shape, reason):
            "\(operation): shape \(shape) \(reason)"
        case let .invalidAxis(operation, axis, rank):
            "\(operation): axis \(axis) is out of range for a tensor of rank \(rank)"
        case let .indexOutOfRange(operation, index, bound):
            "\(operation): index \(index) is out of range 0..<\(bound)"
        case let .scalarCountMismatch(shape, count):
            "shape \(shape) needs \(shape.reduce(1, *)) scalars but \(count) were given"
        case let .notPositiveDefinite(operation, minor):
            "\(operation): matrix is not positive definite (leading minor of order \(minor) is not positive)"
        case let .singularMatrix(operation, row):
            "\(operation): triangular matrix has a zero diagonal entry in row \(row)"
        case let .nonScalarOutput(shape):
            "gradient needs a scalar output, but the function returned shape \(shape)"
        case let .invalidArgument(operation, reason):
            "\(operation): \(reason)"
        }
    }
}
