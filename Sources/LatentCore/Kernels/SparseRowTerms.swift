internal import CLatentKernels

/// The nonzero terms of some rows of a mostly-zero matrix op(a), row by
/// row in increasing column order (compressed sparse rows): for each row,
/// the columns j and weights op(a)[i, j] ≠ 0, and whether every weight is
/// 1 (binarised data, whose products then need no multiplications).
///
/// Built once per product for a thread's rows, so that the product can
/// visit the right operand in blocks of columns that stay in cache across
/// all those rows (``Kernels/sparseTimesDense(_:transposed:_:into:m:n:k:accumulate:lanes:blockBytes:)``).
@usableFromInline
struct SparseRowTerms<S: TensorScalar> {
    /// The columns j of the terms, row after row.
    @usableFromInline let columns: UnsafeMutablePointer<Int32>
    /// The weights op(a)[i, j] of the terms, in the same order.
    @usableFromInline let weights: UnsafeMutablePointer<S>
    /// Row r's terms are at `starts[r] ..< ends[r]`.
    @usableFromInline let starts: UnsafeMutablePointer<Int>
    @usableFromInline let ends: UnsafeMutablePointer<Int>
    /// Whether row r's weights are all 1 (nonzero if so).
    @usableFromInline let unitWeights: UnsafeMutablePointer<UInt8>

    /// The terms of rows `rows` of op(a), a being stored m×k (op(a) = a)
    /// or, when `transposed`, k×m (op(a) = aᵀ, rows of op(a) being
    /// columns of a, read along a's rows). The scans are C loops without a
    /// branch per scalar (`CLatentKernels`); `S` is Float or Double, the
    /// two ``TensorScalar`` types.
    @inlinable
    init(_ a: UnsafePointer<S>, transposed: Bool, rows: Range<Int>, m: Int, k: Int) {
        let count = rows.count
        starts = .allocate(capacity: Swift.max(count, 1))
        ends = .allocate(capacity: Swift.max(count, 1))
        unitWeights = .allocate(capacity: Swift.max(count, 1))
        unitWeights.initialize(repeating: 1, count: count)
        if transposed {
            // Room for each row's terms and one slot more (see latent_column_terms_f32).
            let lines = a + rows.lowerBound
            // Each row's terms counted along a's rows (contiguous), then laid out.
            ends.initialize(repeating: 0, count: count)
            for j in 0..<k {
                let line = lines + j * m
                for r in 0..<count { ends[r] &+= line[r] != 0 ? 1 : 0 }
            }
            var room = 0
            for r in 0..<count {
                let terms = ends[r]
                (starts[r], ends[r]) = (room, room)
                room += terms + 1
            }
            columns = .allocate(capacity: Swift.max(room, 1))
            weights = .allocate(capacity: Swift.max(room, 1))
            Self.columnTerms(lines, m: m, k: k, count: count, next: ends, columns: columns, weights: weights, unitWeights: unitWeights)
        } else {
            columns = .allocate(capacity: Swift.max(count * k, 1))
            weights = .allocate(capacity: Swift.max(count * k, 1))
            var cursor = 0
            for r in 0..<count {
                var unit: Int32 = 1
                let terms = Self.rowTerms(a + (rows.lowerBound + r) * k, k: k, columns: columns + cursor, weights: weights + cursor, unit: &unit)
                (starts[r], ends[r], unitWeights[r]) = (cursor, cursor + terms, UInt8(unit))
                cursor += terms
            }
        }
    }

    @usableFromInline
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func rowTerms(
        _ line: UnsafePointer<S>, k: Int, columns: UnsafeMutablePointer<Int32>, weights: UnsafeMutablePointer<S>, unit: inout Int32
    ) -> Int {
        if S.self == Float.self {
            return latent_row_terms_f32(
                UnsafeRawPointer(line).assumingMemoryBound(to: Float.self), k, columns,
                UnsafeMutableRawPointer(weights).assumingMemoryBound(to: Float.self), &unit)
        }
        return latent_row_terms_f64(
            UnsafeRawPointer(line).assumingMemoryBound(to: Double.self), k, columns,
            UnsafeMutableRawPointer(weights).assumingMemoryBound(to: Double.self), &unit)
    }

    @usableFromInline
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func columnTerms(
        _ lines: UnsafePointer<S>, m: Int, k: Int, count: Int, next: UnsafeMutablePointer<Int>,
        columns: UnsafeMutablePointer<Int32>, weights: UnsafeMutablePointer<S>, unitWeights: UnsafeMutablePointer<UInt8>
    ) {
        if S.self == Float.self {
            latent_column_terms_f32(
                UnsafeRawPointer(lines).assumingMemoryBound(to: Float.self), m, k, count, next, columns,
                UnsafeMutableRawPointer(weights).assumingMemoryBound(to: Float.self), unitWeights)
        } else {
            latent_column_terms_f64(
                UnsafeRawPointer(lines).assumingMemoryBound(to: Double.self), m, k, count, next, columns,
                UnsafeMutableRawPointer(weights).assumingMemoryBound(to: Double.self), unitWeights)
        }
    }

    /// Frees the buffers.
    @inlinable
    func deallocate() {
        columns.deallocate()
        weights.deallocate()
        starts.deallocate()
        ends.deallocate()
        unitWeights.deallocate()
    }

    /// Row r's columns and weights.
    @inlinable
    func terms(ofRow r: Int) -> (columns: UnsafeBufferPointer<Int32>, weights: UnsafeBufferPointer<S>) {
        let (start, end) = (starts[r], ends[r])
        return (UnsafeBufferPointer(start: columns + start, count: end - start), UnsafeBufferPointer(start: weights + start, count: end - start))
    }
}
