internal import CLatentKernels

/// Matrix products whose left operand is mostly zeros — binarised images,
/// one-hot rows — done as sums of the right operand's rows instead of a
/// dense `?gemm`: a dynamically binarised MNIST minibatch is about 87%
/// zeros (a pixel is 1 with its grey level as probability, and the mean
/// grey level is 0.131), so the first layer's product and its weight
/// gradient do about an eighth of the work.
/// `Kernels.gemm` chooses this path by itself (see ``worthIt``); the results
/// equal the dense product up to the order of summation.
extension Kernels {
    /// Whether `a` (count scalars) is sparse enough, judged on 1,024 evenly
    /// spaced scalars, for a product of this size: at least 2²⁰
    /// multiply–adds, rows of at least 32, and at most one nonzero in four
    /// (and an inner dimension that 32-bit column indices can name). The
    /// scan stops at the 257th nonzero: each scalar read is a cache line,
    /// and a dense operand (every hidden layer) answers within the first
    /// few hundred.
    @inlinable
    static func sparseProductIsWorthIt<S: TensorScalar>(_ a: UnsafePointer<S>, count: Int, m: Int, n: Int, k: Int) -> Bool {
        guard m * n * k >= 1 << 20, n >= 32, count >= 1_024, k <= Int(Int32.max) else { return false }
        let stride = count / 1_024
        var nonzeros = 0
        for i in 0..<1_024 where a[i * stride] != 0 {
            nonzeros += 1
            if nonzeros * 4 > 1_024 { return false }
        }
        return true
    }

    /// The bytes of the right operand that one block of columns spans
    /// (k rows of the block's width): small enough to stay in a core's
    /// level-2 cache (512 KiB on the smallest x86-64 cores in use) beside
    /// the rows being written.
    @usableFromInline
    static let sparseBlockBytes = 1 << 18

    /// `c ← op(a)·b (+ c)` for op(a) m×k — a stored m×k, or k×m and
    /// transposed — b k×n and c m×n, all row-major: row i of c is
    /// Σⱼ op(a)[i, j]·(row j of b) over the nonzero op(a)[i, j], added in
    /// increasing j. The rows of c are split over the cores (each written
    /// by one thread, in the same order whatever the split); each thread
    /// lists its rows' nonzero terms once (``SparseRowTerms``), then visits
    /// b in blocks of columns, each block serving all its rows while it is
    /// in cache: for op(a) = a in Float with AVX2, panels of 16 columns on
    /// b's cache lines, four rows at a time (`CLatentKernels`'
    /// `SparsePanels.c`); otherwise, and for any columns the panels leave,
    /// blocks spanning at most `blockBytes`. (Panels write c a line of each
    /// row at a time: for the transposed product, a weight's gradient,
    /// which is large and not in cache, that took 0.60 ms of a VAE step
    /// against the blocks' 0.46.) A row whose nonzeros are all 1
    /// (binarised data) is a plain sum of rows of b: the
    /// multiplications by 1 would cost as much as the additions. Each
    /// element's terms are the same in the same order whatever the blocks.
    @inlinable
    static func sparseTimesDense<S: TensorScalar>(
        _ a: UnsafePointer<S>, transposed: Bool, _ b: UnsafePointer<S>, into c: UnsafeMutablePointer<S>,
        m: Int, n: Int, k: Int, accumulate: Bool, lanes: VectorLanes = .fastest, blockBytes: Int = sparseBlockBytes
    ) {
        let wide = lanes == .wide
        // A multiple of 64 columns (the wide kernel's widest step), at least 64.
        let blockColumns = Swift.max(64, blockBytes / Swift.max(k * MemoryLayout<S>.stride, 1) / 64 * 64)
        // Rows of b a multiple of 512 bytes apart (the Gaussian VAE's 512
        // hidden units) put a block's lines in a few of the level-1 and
        // level-2 caches' sets: the blocks then read a copy with one more
        // cache line to a row. The panels copy theirs.
        let spread = (!wide || transposed) && (n * MemoryLayout<S>.stride) % 512 == 0
        let ldb = spread ? n + 64 / MemoryLayout<S>.stride : n
        let source = spread ? UnsafeMutablePointer<S>.allocate(capacity: k * ldb) : nil
        defer { source?.deallocate() }
        if let source {
            for j in 0..<k { (source + j * ldb).update(from: b + j * n, count: n) }
        }
        let b = source.map { UnsafePointer($0) } ?? b
        ParallelChunks.forEach(count: m, minimumChunk: 1, alignment: 1, piecesPerThread: 2) { rows in
            let terms = SparseRowTerms(a, transposed: transposed, rows: rows, m: m, k: k)
            defer { terms.deallocate() }
            var panels = 0
            if wide, !transposed {
                panels = panelCombineRows(of: b, terms: terms, rows: rows.count, k: k, into: c + rows.lowerBound * n, n: n, accumulate: accumulate)
            }
            for start in stride(from: panels, to: n, by: blockColumns) {
                let (width, block) = (Swift.min(blockColumns, n - start), b + start)
                for r in 0..<rows.count {
                    let (columns, weights) = terms.terms(ofRow: r)
                    let unit = terms.unitWeights[r] != 0
                    let row = c + (rows.lowerBound + r) * n + start
                    let done = wide
                        ? wideCombineRows(of: block, ldb: ldb, columns: columns, weights: unit ? nil : weights, into: row, n: width, accumulate: accumulate)
                        : 0
                    if unit {
                        combineRows(of: block, ldb: ldb, columns: columns, weights: weights, into: row, from: done, n: width, accumulate: accumulate) {
                            _, row in row
                        }
                    } else {
                        combineRows(of: block, ldb: ldb, columns: columns, weights: weights, into: row, from: done, n: width, accumulate: accumulate) {
                            weight, row in weight * row
                        }
                    }
                }
            }
        }
    }

    /// The leading columns of every row of a chunk (`rows` rows of `c`
    /// from its first) in panels of 16 columns in AVX2 registers, for Float
    /// (`CLatentKernels`' `latent_combine_row_panels_avx2_f32`: the same
    /// sums in the same order as `combineRows`, so the same bits). Returns
    /// how many leading columns it wrote: all n when n is a multiple of 16
    /// (b's rows, n long, then start at one place in a cache line, and the
    /// panels on those lines), else the largest multiple of 16 below n; 0
    /// for Double, or when the kernel could not allocate its lists.
    @usableFromInline
    @_specialize(where S == Float)
    static func panelCombineRows<S: TensorScalar>(
        of b: UnsafePointer<S>, terms: SparseRowTerms<S>, rows: Int, k: Int, into c: UnsafeMutablePointer<S>, n: Int, accumulate: Bool
    ) -> Int {
        guard S.self == Float.self else { return 0 }
        return latent_combine_row_panels_avx2_f32(
            UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), n, terms.columns,
            UnsafeRawPointer(terms.weights).assumingMemoryBound(to: Float.self), terms.starts, terms.ends, terms.unitWeights,
            rows, k, UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), n, n, accumulate ? 1 : 0)
    }

    /// The leading columns of `combineRows` in AVX2 registers
    /// (`CLatentKernels`: the same sums in the same order, so the same
    /// bits); nil weights stand for ones. Returns how many columns it wrote.
    @usableFromInline
    @_specialize(where S == Float)
    @_specialize(where S == Double)
    static func wideCombineRows<S: TensorScalar>(
        of b: UnsafePointer<S>, ldb: Int, columns: UnsafeBufferPointer<Int32>, weights: UnsafeBufferPointer<S>?,
        into row: UnsafeMutablePointer<S>, n: Int, accumulate: Bool
    ) -> Int {
        let terms = columns.count
        if S.self == Float.self {
            return latent_combine_rows_avx2_f32(
                UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb, columns.baseAddress,
                weights.map { UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: Float.self) }, terms,
                UnsafeMutableRawPointer(row).assumingMemoryBound(to: Float.self), n, accumulate ? 1 : 0)
        }
        if S.self == Double.self {
            return latent_combine_rows_avx2_f64(
                UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), ldb, columns.baseAddress,
                weights.map { UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: Double.self) }, terms,
                UnsafeMutableRawPointer(row).assumingMemoryBound(to: Double.self), n, accumulate ? 1 : 0)
        }
        return 0
    }

    /// `row ← Σ scaled(weight, b[j·ldb ..< j·ldb + n]) (+ row)` over the
    /// terms (j, weight), from column `start` on: 32 columns at a time held in registers
    /// across all the terms, so that each term costs loads of b only; then
    /// eight at a time, then one at a time.
    @inlinable @inline(__always)
    static func combineRows<S: TensorScalar>(
        of b: UnsafePointer<S>, ldb: Int, columns: UnsafeBufferPointer<Int32>, weights: UnsafeBufferPointer<S>,
        into row: UnsafeMutablePointer<S>, from start: Int, n: Int, accumulate: Bool,
        scaled: (SIMD8<S>, SIMD8<S>) -> SIMD8<S>
    ) {
        @inline(__always) func load(_ p: UnsafePointer<S>) -> SIMD8<S> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<S>.self) }
        @inline(__always) func store(_ v: SIMD8<S>, _ p: UnsafeMutablePointer<S>) { UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<S>.self) }
        let zero = SIMD8<S>(repeating: 0)
        let terms = Swift.zip(columns, weights)
        var column = start
        while column + 32 <= n {
            var (s0, s1, s2, s3) = accumulate
                ? (load(row + column), load(row + column + 8), load(row + column + 16), load(row + column + 24))
                : (zero, zero, zero, zero)
            for (j, weight) in terms {
                let source = b + Int(j) * ldb + column
                let w = SIMD8<S>(repeating: weight)
                s0 += scaled(w, load(source))
                s1 += scaled(w, load(source + 8))
                s2 += scaled(w, load(source + 16))
                s3 += scaled(w, load(source + 24))
            }
            store(s0, row + column)
            store(s1, row + column + 8)
            store(s2, row + column + 16)
            store(s3, row + column + 24)
            column += 32
        }
        while column + 8 <= n {
            var s = accumulate ? load(row + column) : zero
            for (j, weight) in terms { s += scaled(SIMD8<S>(repeating: weight), load(b + Int(j) * ldb + column)) }
            store(s, row + column)
            column += 8
        }
        for j in column..<n {
            var total = accumulate ? row[j] : 0
            for (term, weight) in terms { total += weight * b[Int(term) * ldb + j] }
            row[j] = total
        }
    }
}
