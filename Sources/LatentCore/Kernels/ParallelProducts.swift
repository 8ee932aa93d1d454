internal import CGSL
import Glibc

/// Large matrix products split into blocks over Latent's own threads
/// (``ParallelChunks``), each block one single-threaded `?gemm` call.
///
/// Latent keeps one set of worker threads. OpenBLAS's own threads, beside
/// ``ParallelChunks``'s, would be a second set contending for the same cores:
/// after each product OpenBLAS's workers spin waiting for the next one while
/// Latent's elementwise kernels want those cores, which makes step times
/// vary from run to run. So the first product sets OpenBLAS to one thread
/// for the process, and `LATENT_NUM_THREADS` governs all of Latent's
/// parallelism.
extension Kernels {
    /// Sets OpenBLAS to one thread, once, before the first product
    /// (`Kernels.gemm` touches it), and stops the worker threads OpenBLAS
    /// started when it was loaded: with one thread they never get work, yet
    /// each spins (`sched_yield`) for about 0.1 s first, taking a core from
    /// a short process. Looked up by name, since only OpenBLAS's threaded
    /// builds have the call.
    @usableFromInline
    static let blasOnCallingThread: Void = {
        openblas_set_num_threads(1)
        typealias Shutdown = @convention(c) () -> Int32
        if let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "blas_thread_shutdown_") {
            _ = unsafeBitCast(symbol, to: Shutdown.self)()
        }
    }()

    /// How ``blockedGEMM(_:_:_:_:into:m:n:k:beta:)`` splits an m×k·k×n
    /// product: by rows of C, or by columns when C has more columns than
    /// rows, in blocks of at least `minimumChunk` rows or columns (2¹⁹
    /// multiply–adds, and 16 rows or columns).
    @inlinable
    static func blocks(m: Int, n: Int, k: Int) -> (byRows: Bool, minimumChunk: Int) {
        m >= n ? (true, Swift.max(16, (1 << 19) / Swift.max(n * k, 1))) : (false, Swift.max(16, (1 << 19) / Swift.max(m * k, 1)))
    }

    /// Whether ``gemm(_:_:_:_:into:m:n:k:accumulate:)`` runs an m×k·k×n
    /// product on the calling thread alone (a dense product too small for
    /// two blocks), so that another core is free beside it.
    @inlinable
    static func productRunsOnOneThread(m: Int, n: Int, k: Int) -> Bool {
        let split = blocks(m: m, n: n, k: k)
        return (split.byRows ? m : n) / split.minimumChunk < 2
    }

    /// `C ← op(A)·op(B) + β·C` (row-major, `op(A)` m×k, `op(B)` k×n) in
    /// blocks of rows of C — or of columns, when C has more columns than
    /// rows — of at least 2¹⁹ multiply–adds each, one block per thread.
    /// OpenBLAS's `sgemm` does not give an element of C the same bits in a
    /// smaller call (a 60×784·784×400 product split into two halves of rows
    /// or of columns differs in 3–14 % of its elements, in the last bits),
    /// so products, and the fits built on them, depend on the number of
    /// threads to rounding.
    ///
    /// With β = 0 each thread first zeroes its own block with `memset` and
    /// then accumulates onto it (β = 1): the same bits, since OpenBLAS also
    /// zeroes C before accumulating, but its zeroing pass stores one scalar
    /// at a time, which took 5 % of the calling thread in a VAE epoch (the
    /// weights' gradients are 1.25 MB blocks written afresh every step).
    @inlinable
    static func blockedGEMM<S: TensorScalar>(
        _ a: UnsafePointer<S>, _ transposeA: Bool, _ b: UnsafePointer<S>, _ transposeB: Bool,
        into c: UnsafeMutablePointer<S>, m: Int, n: Int, k: Int, beta: S
    ) {
        let (lda, ldb) = (transposeA ? m : k, transposeB ? k : n)
        let zeroFirst = beta == 0
        let split = blocks(m: m, n: n, k: k)
        if split.byRows {
            ParallelChunks.forEach(count: m, minimumChunk: split.minimumChunk, alignment: 16) { rows in
                let block = c + rows.lowerBound * n
                if zeroFirst { memset(block, 0, rows.count * n * MemoryLayout<S>.stride) }
                // Row r of op(A) starts at a[r·lda] when A is stored m×k, at a[r] when stored k×m.
                S.gemm(transposeA: transposeA, transposeB: transposeB, m: rows.count, n: n, k: k,
                       alpha: 1, a: transposeA ? a + rows.lowerBound : a + rows.lowerBound * lda, lda: lda,
                       b: b, ldb: ldb, beta: zeroFirst ? 1 : beta, c: block, ldc: n)
            }
        } else {
            ParallelChunks.forEach(count: n, minimumChunk: split.minimumChunk, alignment: 16) { columns in
                let block = c + columns.lowerBound
                if zeroFirst {
                    for row in 0..<m { memset(block + row * n, 0, columns.count * MemoryLayout<S>.stride) }
                }
                // Column j of op(B) starts at b[j] when B is stored k×n, at b[j·ldb] when stored n×k.
                S.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: columns.count, k: k,
                       alpha: 1, a: a, lda: lda,
                       b: transposeB ? b + columns.lowerBound * ldb : b + columns.lowerBound, ldb: ldb,
                       beta: zeroFirst ? 1 : beta, c: block, ldc: n)
            }
        }
    }
}
