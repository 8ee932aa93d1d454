/// Matrix products whose left operand is mostly zeros — binarised images,
/// one-hot rows — done as sums of the right operand's rows instead of a
/// dense `?gemm`: a binarised MNIST minibatch is about 80% zeros, so the
/// first layer's product and its weight gradient do a fifth of the work.
/// `Kernels.gemm` chooses this path by itself (see ``worthIt``); the results
/// equal the dense product up to the order of summation.
extension Kernels {
    /// Whether `a` (count scalars) is sparse enough, judged on 1,024 evenly
    /// spaced scalars, for a product of this size: at least 2²⁰
    /// multiply–adds, rows of at least 32, and at most one nonzero in four.
    @inlinable
    static func sparseProductIsWorthIt<S: TensorScalar>(_ a: UnsafePointer<S>, count: Int, m: Int, n: Int, k: Int) -> Bool {
        guard m * n * k >= 1 << 20, n >= 32, count >= 1_024 else { return false }
        let stride = count / 1_024
        var nonzeros = 0
        for i in 0..<1_024 where a[i * stride] != 0 { nonzeros += 1 }
        return nonzeros * 4 <= 1_024
    }

    /// `c ← a·b (+ c)`: row i of c is Σⱼ a[i, j]·(row j of b) over the
    /// nonzero a[i, j]; rows split over the cores. a is m×k, b k×n, c m×n,
    /// all row-major.
    @inlinable
    static func sparseRowsTimesDense<S: TensorScalar>(
        _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, into c: UnsafeMutablePointer<S>, m: Int, n: Int, k: Int, accumulate: Bool
    ) {
        ParallelChunks.forEach(count: m, minimumChunk: 1, alignment: 1) { rows in
            for i in rows {
                let row = c + i * n
                if !accumulate { row.update(repeating: 0, count: n) }
                for j in 0..<k {
                    let weight = a[i * k + j]
                    if weight != 0 { addMultiple(weight, of: b + j * n, to: row, count: n) }
                }
            }
        }
    }

    /// `c ← aᵀ·b (+ c)` for a stored k×m (so aᵀ is m×k), b k×n, c m×n:
    /// each nonzero a[i, j] adds a[i, j]·(row i of b) to row j of c. The
    /// rows of c are split over the cores, each thread reading all of a and
    /// writing only its own rows, in the same order whatever the split.
    @inlinable
    static func sparseTransposedTimesDense<S: TensorScalar>(
        _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, into c: UnsafeMutablePointer<S>, m: Int, n: Int, k: Int, accumulate: Bool
    ) {
        ParallelChunks.forEach(count: m, minimumChunk: 1, alignment: 1) { rows in
            if !accumulate { (c + rows.lowerBound * n).update(repeating: 0, count: rows.count * n) }
            for i in 0..<k {
                let aRow = a + i * m
                for j in rows {
                    let weight = aRow[j]
                    if weight != 0 { addMultiple(weight, of: b + i * n, to: c + j * n, count: n) }
                }
            }
        }
    }

    /// `y ← y + α·x` over `count` scalars, eight lanes at a time.
    @inlinable @inline(__always)
    static func addMultiple<S: TensorScalar>(_ alpha: S, of x: UnsafePointer<S>, to y: UnsafeMutablePointer<S>, count: Int) {
        let whole = count / 8 * 8
        let scale = SIMD8<S>(repeating: alpha)
        for start in stride(from: 0, to: whole, by: 8) {
            let xs = UnsafeRawPointer(x + start).loadUnaligned(as: SIMD8<S>.self)
            let ys = UnsafeRawPointer(y + start).loadUnaligned(as: SIMD8<S>.self)
            UnsafeMutableRawPointer(y + start).storeBytes(of: ys + scale * xs, as: SIMD8<S>.self)
        }
        for i in whole..<count { y[i] += alpha * x[i] }
    }
}
