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
    /// branch per scalar (`CLatentKernels`; eight Floats at a time with
    /// AVX2); `S` is Float or Double, the two ``TensorScalar`` types.
    @inlinable
    init(_ a: UnsafePointer<S>, transposed: Bool, rows: Range<Int>, m: Int, k: Int) {
        let count = rows.count
        starts = .allocate(capacity: Swift.max(count, 1))
        ends = .allocate(capacity: Swift.max(count, 1))
        unitWeights = .allocate(capacity: Swift.max(count, 1))
        unitWeights.initialize(repeating: 1, count: count)
        if transposed {
            // Each of a's rows j scanned (contiguous over this chunk's r) for
            // its nonzeros, then each nonzero (j, r) placed in row r's list:
            // j ascends, so every list is in increasing j.
            let lines = a + rows.lowerBound
            let found = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(k * count, 1))
            let foundWeights = UnsafeMutablePointer<S>.allocate(capacity: Swift.max(k * count, 1))
            let lineEnds = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(k, 1))
            defer {
                found.deallocate()
                foundWeights.deallocate()
                lineEnds.deallocate()
            }
            var cursor = 0
            for j in 0..<k {
                var unit: Int32 = 1
                cursor += Self.rowTerms(lines + j * m, k: count, columns: found + cursor, weights: foundWeights + cursor, unit: &unit)
                lineEnds[j] = cursor
            }
            ends.initialize(repeating: 0, count: count)
            for e in 0..<cursor { ends[Int(found[e])] += 1 }
            var room = 0
            for r in 0..<count {
                let terms = ends[r]
                (starts[r], ends[r]) = (room, room)
                room += terms
            }
            columns = .allocate(capacity: Swift.max(room, 1))
            weights = .allocate(capacity: Swift.max(room, 1))
            var e = 0
            for j in 0..<k {
                while e < lineEnds[j] {
                    let (r, weight) = (Int(found[e]), foundWeights[e])
                    (columns[ends[r]], weights[ends[r]]) = (Int32(truncatingIfNeeded: j), weight)
                    ends[r] += 1
                    unitWeights[r] &= weight == 1 ? 1 : 0
                    e += 1
                }
            }
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
            let (floats, floatWeights) = (UnsafeRawPointer(line).assumingMemoryBound(to: Float.self),
                                          UnsafeMutableRawPointer(weights).assumingMemoryBound(to: Float.self))
            return VectorLanes.fastest == .wide
                ? latent_row_terms_avx2_f32(floats, k, columns, floatWeights, &unit)
                : latent_row_terms_f32(floats, k, columns, floatWeights, &unit)
        }
        return latent_row_terms_f64(
            UnsafeRawPointer(line).assumingMemoryBound(to: Double.self), k, columns,
            UnsafeMutableRawPointer(weights).assumingMemoryBound(to: Double.self), &unit)
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
