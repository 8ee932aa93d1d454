import LatentTestSupport
import Testing

/// Batched distributions are their members side by side: every check of
/// `BatchedConformanceChecks` on every batch, in Double and in Float.
@Suite("Batches of distributions agree with their members")
struct BatchedConformanceTests {
    @Test(arguments: batchedChecks)
    func batchAgreesWithItsMembers(_ check: BoundCheck) throws {
        try check.run()
    }
}
