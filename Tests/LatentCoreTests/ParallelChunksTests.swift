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
}
