import Dispatch
internal import CLatentKernels
#if canImport(Glibc)
import Glibc
#endif

/// Elementwise work split over the machine's cores: `body(range)` on
/// disjoint, contiguous ranges that cover `0..<count`, run concurrently when
/// there is enough work for the threads to pay for themselves, inline
/// otherwise. Every element is computed by the same code whatever the
/// split, so elementwise results do not depend on the number of threads
/// (products split this way do, to rounding: see `Kernels.gemm`).
public enum ParallelChunks {
    /// Below this many elements per thread a loop of simple updates runs
    /// on the calling thread: handing work to a second thread costs about as
    /// much as a few tens of thousands of them. Loops with a transcendental
    /// function per element pay for a thread with fewer (pass a smaller
    /// `minimumChunk`).
    public static let minimumChunk = 1 << 16

    /// The number of threads: `LATENT_NUM_THREADS` when set to a positive
    /// integer, else the processors this process may run on (its affinity
    /// mask: one core for each rank that `mpirun` binds to a core, the
    /// cores `taskset` or a container allows), else the processors online.
    public static let threads: Int = {
        if let text = getenv("LATENT_NUM_THREADS"), let value = Int(String(cString: text)), value > 0 { return value }
        let allowed = Int(latent_allowed_cpus())
        if allowed > 0 { return allowed }
        return Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }()

    /// Makes Latent's threads the only ones that split work (see
    /// `ParallelProducts.swift`) now rather than at the first product:
    /// OpenBLAS starts its own workers when it loads, and they spin for a
    /// while (a tenth of a second of a core) unless told they are not
    /// needed, which a short process feels. Called when a model context is
    /// made; later calls do nothing.
    public static func claimCores() {
        Kernels.blasOnCallingThread
    }

    /// Runs `body` over `0..<count` in at most ``threads`` × `piecesPerThread`
    /// (at most 16) chunks of at least `minimumChunk` elements, whose boundaries are
    /// multiples of `alignment` (so that lane loops stay whole). The threads
    /// take chunks as they come free, so more pieces a thread even out a
    /// thread that starts late or runs slow (another process on its core):
    /// worth it for work whose result does not depend on the split.
    @inlinable
    public static func forEach(
        count: Int, minimumChunk: Int = ParallelChunks.minimumChunk, alignment: Int = 8, piecesPerThread: Int = 1,
        _ body: (Range<Int>) -> Void
    ) {
        // One thread runs everything inline, in one piece.
        let pieces = threads > 1 ? Swift.min(Swift.max(piecesPerThread, 1), 16) : 1
        let chunks = Swift.min(threads * pieces, count / Swift.max(minimumChunk, 1))
        guard chunks > 1 else { return body(0..<count) }
        let size = (count / chunks + alignment - 1) / alignment * alignment
        run(chunks: chunks) { chunk in
            let start = Swift.min(chunk * size, count)
            let end = chunk == chunks - 1 ? count : Swift.min(start + size, count)
            if start < end { body(start..<end) }
        }
    }

    /// Runs `chunk(i)` for every i in `0..<chunks`, concurrently, on the
    /// calling thread and Latent's worker threads, which stay awake between
    /// regions (`CLatentKernels`' `latent_pool_run`): a region costs about
    /// a microsecond to hand out, against 10–20 µs for libdispatch to wake a
    /// parked thread, and a training step runs tens of regions. When
    /// another thread's region holds the workers (tests running side by
    /// side, a background job), libdispatch runs this one. With one thread
    /// (`LATENT_NUM_THREADS=1`, one allowed CPU) the chunks run here in order.
    @usableFromInline
    static func run(chunks: Int, _ chunk: (Int) -> Void) {
        guard threads > 1 else { return (0..<chunks).forEach(chunk) }
        withoutActuallyEscaping(chunk) { chunk in
            var job = chunk
            let ran = withUnsafeMutablePointer(to: &job) { job in
                latent_pool_run(threads - 1, chunks, job) { context, index in
                    context!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(index)
                }
            }
            guard ran == 0 else { return }
            // The chunks are disjoint, so sharing `chunk` across the threads is safe.
            nonisolated(unsafe) let shared = chunk
            DispatchQueue.concurrentPerform(iterations: chunks) { shared($0) }
        }
    }

    /// Whether `body` holds for every chunk of ``forEach(count:minimumChunk:alignment:piecesPerThread:_:)``'s
    /// split of `0..<count` (every chunk runs, whatever the others return):
    /// for passes that both do work and test what they did, each chunk's
    /// answer kept apart until all are in (chunks are at least
    /// `minimumChunk` long, so their first indices fall in different
    /// multiples of it).
    @inlinable
    public static func allSatisfy(
        count: Int, minimumChunk: Int = ParallelChunks.minimumChunk, alignment: Int = 8, piecesPerThread: Int = 1,
        _ body: (Range<Int>) -> Bool
    ) -> Bool {
        let spacing = Swift.max(minimumChunk, 1)
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: count / spacing + 1) { answers in
            answers.initialize(repeating: true)
            forEach(count: count, minimumChunk: minimumChunk, alignment: alignment, piecesPerThread: piecesPerThread) { range in
                answers[range.lowerBound / spacing] = body(range)
            }
            return answers.allSatisfy { $0 }
        }
    }
}
