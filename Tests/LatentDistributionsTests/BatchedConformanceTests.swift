import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// Batched distributions are their members side by side
/// (`BatchedConformanceChecks`), in Double and in Float.
@Suite("Batches of distributions agree with their members")
struct BatchedConformanceTests {
    @Test(arguments: doubleBatchedCases)
    func shapesFollowTheConvention(_ batch: BatchedCase<Double>) throws {
        try BatchedConformanceChecks.shapesFollowTheConvention(batch)
    }

    @Test(arguments: doubleBatchedCases)
    func logProbAgreesWithMembers(_ batch: BatchedCase<Double>) throws {
        try BatchedConformanceChecks.logProbAgreesWithMembers(batch)
    }

    @Test(arguments: doubleBatchedCases.filter { (try? $0.make()) is any DistributionWithCDF<Double> })
    func cdfAndQuantileAgreeWithMembers(_ batch: BatchedCase<Double>) throws {
        try BatchedConformanceChecks.cdfAndQuantileAgreeWithMembers(batch)
    }

    @Test(arguments: doubleBatchedCases)
    func statisticsAgreeWithMembers(_ batch: BatchedCase<Double>) throws {
        try BatchedConformanceChecks.statisticsAgreeWithMembers(batch)
    }

    @Test(arguments: doubleBatchedCases)
    func gradientsAgreeWithMembers(_ batch: BatchedCase<Double>) throws {
        try BatchedConformanceChecks.gradientsAgreeWithMembers(batch)
    }

    @Test(arguments: doubleBatchedCases.filter { $0.parameterShapes.allSatisfy { $0 == [3, 1] } })
    func valueOfAnotherShapeBroadcasts(_ batch: BatchedCase<Double>) throws {
        try BatchedConformanceChecks.valueOfAnotherShapeBroadcasts(batch)
    }

    @Test(arguments: doubleBatchedCases.filter { $0.memberCases.contains { $0 != nil } })
    func drawsFollowEachMember(_ batch: BatchedCase<Double>) throws {
        try BatchedConformanceChecks.drawsFollowEachMember(batch)
    }

    @Test(arguments: floatBatchedCases)
    func floatShapesFollowTheConvention(_ batch: BatchedCase<Float>) throws {
        try BatchedConformanceChecks.shapesFollowTheConvention(batch)
    }

    @Test(arguments: floatBatchedCases)
    func floatLogProbAgreesWithMembers(_ batch: BatchedCase<Float>) throws {
        try BatchedConformanceChecks.logProbAgreesWithMembers(batch)
    }

    @Test(arguments: floatBatchedCases.filter { (try? $0.make()) is any DistributionWithCDF<Float> })
    func floatCdfAndQuantileAgreeWithMembers(_ batch: BatchedCase<Float>) throws {
        try BatchedConformanceChecks.cdfAndQuantileAgreeWithMembers(batch)
    }

    @Test(arguments: floatBatchedCases)
    func floatStatisticsAgreeWithMembers(_ batch: BatchedCase<Float>) throws {
        try BatchedConformanceChecks.statisticsAgreeWithMembers(batch)
    }

    @Test(arguments: floatBatchedCases)
    func floatGradientsAgreeWithMembers(_ batch: BatchedCase<Float>) throws {
        try BatchedConformanceChecks.gradientsAgreeWithMembers(batch)
    }

    @Test(arguments: floatBatchedCases.filter { $0.parameterShapes.allSatisfy { $0 == [3, 1] } })
    func floatValueOfAnotherShapeBroadcasts(_ batch: BatchedCase<Float>) throws {
        try BatchedConformanceChecks.valueOfAnotherShapeBroadcasts(batch)
    }

    @Test(arguments: floatBatchedCases.filter { $0.memberCases.contains { $0 != nil } })
    func floatDrawsFollowEachMember(_ batch: BatchedCase<Float>) throws {
        try BatchedConformanceChecks.drawsFollowEachMember(batch)
    }
}
