import LatentCore
import Synchronization
import Testing

/// The split of elementwise work over the cores: every index visited exactly
/// once, in chunks whose boundaries keep eight-lane loops whole, for counts
/// below, at and above the size where a second thread takes part.
@Suite struct ParallelChunksTests {
    @Test(arguments: [0, 1, 7, 8, 1_000, ParallelChunks.minimumChunk * 2 - 1, ParallelChunks.minimumChunk * 2 + 13, 1_000_003])
    func everyIndexOnceInAlignedChunks(count: Int) {
        let visits = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Swift.max(count, 1))
        visits.initialize(repeating: 0)
        defer { visits.deallocate() }
        let misaligned = Atomic<Int>(0)
        nonisolated(unsafe) let shared = visits
        ParallelChunks.forEach(count: count) { range in
            if range.lowerBound % 8 != 0 { misaligned.add(1, ordering: .relaxed) }
            for i in range { shared[i] &+= 1 }
        }
        #expect(visits.prefix(count).allSatisfy { $0 == 1 })
        #expect(misaligned.load(ordering: .relaxed) == 0)
    }

    /// More pieces than threads: every index once, in threads × 4 aligned
    /// chunks of at least the minimum size, taken by whichever thread is
    /// free; one piece when there is one thread.
    @Test(arguments: [ParallelChunks.minimumChunk * 3, 1_000_003])
    func piecesPerThreadCoverEveryIndexOnce(count: Int) {
        let visits = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: count)
        visits.initialize(repeating: 0)
        defer { visits.deallocate() }
        let chunks = Atomic<Int>(0)
        let misplaced = Atomic<Int>(0)
        nonisolated(unsafe) let shared = visits
        ParallelChunks.forEach(count: count, piecesPerThread: 4) { range in
            chunks.add(1, ordering: .relaxed)
            if range.lowerBound % 8 != 0 || range.count < ParallelChunks.minimumChunk { misplaced.add(1, ordering: .relaxed) }
            for i in range { shared[i] &+= 1 }
        }
        #expect(visits.allSatisfy { $0 == 1 })
        #expect(misplaced.load(ordering: .relaxed) == 0)
        // One thread runs the whole range in one piece.
        let expected = ParallelChunks.threads > 1 ? Swift.min(ParallelChunks.threads * 4, count / ParallelChunks.minimumChunk) : 1
        #expect(chunks.load(ordering: .relaxed) == expected)
    }

    /// Ten thousand regions back to back, each split into one-element
    /// chunks: the workers stay awake between them, and no chunk may run
    /// twice or be skipped, whichever region a late worker's claim lands in.
    @Test func regionsBackToBackRunEachChunkOnce() {
        let regions = 10_000, width = ParallelChunks.threads + 1
        let visits = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: regions * width)
        visits.initialize(repeating: 0)
        defer { visits.deallocate() }
        nonisolated(unsafe) let shared = visits
        for region in 0..<regions {
            ParallelChunks.forEach(count: width, minimumChunk: 1, alignment: 1) { range in
                for i in range { shared[region * width + i] &+= 1 }
            }
        }
        #expect(visits.allSatisfy { $0 == 1 })
    }

    /// A region inside a region's chunk, and regions started by several
    /// threads at once (tests run side by side; one of them holds the
    /// workers, the others run another way): every index once, whichever
    /// way each region ran.
    @Test func nestedAndSimultaneousRegionsRunEachIndexOnce() async {
        let (outer, inner, callers) = (64, 4_096, 6)
        let visits = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: callers * outer * inner)
        visits.initialize(repeating: 0)
        defer { visits.deallocate() }
        nonisolated(unsafe) let shared = visits
        await withTaskGroup(of: Void.self) { group in
            for caller in 0..<callers {
                group.addTask {
                    ParallelChunks.forEach(count: outer, minimumChunk: 1, alignment: 1) { rows in
                        for row in rows {
                            let base = (caller * outer + row) * inner
                            ParallelChunks.forEach(count: inner, minimumChunk: 64) { range in
                                for i in range { shared[base + i] &+= 1 }
                            }
                        }
                    }
                }
            }
        }
        #expect(visits.allSatisfy { $0 == 1 })
    }
}
