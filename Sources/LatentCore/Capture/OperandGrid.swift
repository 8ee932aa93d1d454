/// How the operands of an elementwise operation broadcast to its output,
/// the output seen as a grid of `rows` × `columns` scalars (row-major):
/// operand element (r, c) is at r·row + c·column in the operand's buffer.
/// Each operand is either of the output's shape (strides `columns` and 1),
/// one scalar (0 and 0), whole rows repeated down the grid (a trailing
/// block of the shape, 0 and 1: a `[8]` against `[8, 8]`) or whole columns
/// repeated across it (a leading block, 1 and 0: an `[8, 1]`).
struct OperandGrid: Equatable {
    let rows: Int, columns: Int
    let aRow: Int, aColumn: Int
    let bRow: Int, bColumn: Int

    /// The grid of `a` and `b` broadcast to `shape`, or nil when an operand
    /// broadcasts in another way (or neither is a row or a column, which
    /// the plain loops cover).
    init?(_ a: [Int], _ b: [Int], to shape: [Int]) {
        let count = Shape.count(of: shape)
        let (first, second) = (Layout(a, to: shape), Layout(b, to: shape))
        guard let first, let second, let columns = first.columns(of: count) ?? second.columns(of: count),
              second.columns(of: count) ?? columns == columns, first.columns(of: count) ?? columns == columns,
              columns > 0, count % columns == 0 else { return nil }
        self.rows = count / columns
        self.columns = columns
        (aRow, aColumn) = first.strides(columns: columns)
        (bRow, bColumn) = second.strides(columns: columns)
    }

    /// The grid of an operation whose first operand is of the output's
    /// size (a gradient) and whose second is laid out as `other`'s `b`.
    init(gradientWith other: OperandGrid) {
        (rows, columns, aRow, aColumn) = (other.rows, other.columns, other.columns, 1)
        (bRow, bColumn) = (other.bRow, other.bColumn)
    }

    /// The grid of `other` with its operands swapped.
    init(swapping other: OperandGrid) {
        (rows, columns) = (other.rows, other.columns)
        (aRow, aColumn, bRow, bColumn) = (other.bRow, other.bColumn, other.aRow, other.aColumn)
    }

    /// One operand's place in the grid.
    private enum Layout {
        case whole, scalar, rows(Int), columns(Int)

        init?(_ operand: [Int], to shape: [Int]) {
            let count = Shape.count(of: operand), total = Shape.count(of: shape)
            guard operand.count <= shape.count else { return nil }
            let padded = [Int](repeating: 1, count: shape.count - operand.count) + operand
            if count == total {
                self = .whole
            } else if count == 1 {
                self = .scalar
            } else if Shape.isLeadingBlock(padded, of: shape) {
                // Tested first, as ``Kernels/sum(_:toShape:)`` tests it.
                self = .columns(count)
            } else if Shape.isTrailingBlock(padded, of: shape) {
                self = .rows(count)
            } else {
                return nil
            }
        }

        /// The grid's width this operand sets, if it sets one.
        func columns(of total: Int) -> Int? {
            switch self {
            case .whole, .scalar: return nil
            case let .rows(length): return length
            case let .columns(height): return total / height
            }
        }

        func strides(columns: Int) -> (row: Int, column: Int) {
            switch self {
            case .whole: return (columns, 1)
            case .scalar: return (0, 0)
            case .rows: return (0, 1)
            case .columns: return (1, 0)
            }
        }
    }
}
