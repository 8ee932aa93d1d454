import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// Every check of `ConformanceChecks` on every case of the table in Double
/// and in Float, and the finite-difference gradient check, which only
/// Double is precise enough for.
@Suite("Distributions conform to their references")
struct DistributionConformanceTests {
    @Test(arguments: ConformanceChecks.checks(of: distributionCases) + ConformanceChecks.checks(of: floatDistributionCases))
    func caseConformsToItsReference(_ check: BoundCheck) throws {
        try check.run()
    }

    /// ∂ log p / ∂(parameters, value) against central finite differences at
    /// three draws (value only for continuous families), 1e-6 relative.
    @Test(arguments: distributionCases)
    func logProbGradientsMatchFiniteDifferences(_ testCase: DistributionCase<Double>) throws {
        // Points at least d = 1e-2·max(1, |x|) inside the support: near an
        // edge the central difference's own error grows like (h/d)², and
        // d ≥ 10³h keeps it below the 1e-6 being tested.
        let support = try testCase.make().support
        let points = try testCase.draws(50, seed: 5).filter { x in
            let h = 1e-2 * max(1, abs(x))
            return try testCase.isDiscrete || support.contains(Tensor([x - h, x + h]))
        }
        #expect(points.count >= 3, "\(testCase.name): too few draws away from the support's edge to check")
        for x in points.prefix(3) {
            // Differentiate the continuous parameters (and the value, for a
            // continuous family); hold the rest fixed.
            let free = testCase.parameters.indices.filter { testCase.differentiable[$0] }
            let arguments = free.map { Tensor(testCase.parameters[$0]) } + (testCase.isDiscrete ? [] : [Tensor(x)])
            let check = try gradientCheck(at: arguments) { a in
                var parameters = testCase.parameters.map { Tensor($0) }
                for (slot, index) in free.enumerated() { parameters[index] = a[slot] }
                let value = testCase.isDiscrete ? Tensor(x) : a.last!
                return try testCase.build(parameters).logProb(of: value).sum()
            }
            for (index, error) in check.relativeErrors.enumerated() {
                #expect(error <= 1e-6, "\(testCase.name) at x = \(x): argument \(index) relative error \(error)")
            }
        }
    }
}
