@testable import LatentCore
@testable import LatentDistributions
import Testing

/// The support tests on each set of lanes: the AVX2 kernel must count the
/// same failures as Swift's lanes, and both the failures a scalar loop
/// over `ElementTest.contains` counts (the reference), on values chosen to
/// sit on every edge: the bounds, just past them, whole and fractional
/// numbers, the largest Floats, ±∞ and NaN.
@Suite("Support tests on each set of lanes")
struct ElementTestLanesTests {
    static let values: [Float] = {
        let edges: [Float] = [
            0, -0.0, 1, 2, 0.5, -1, 1.0000001, 0.99999994, 8_388_607.5, 8_388_608, 16_777_217, 3e38, -3e38,
            .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan, .leastNonzeroMagnitude,
        ]
        var generator = Xoshiro256PlusPlus(seed: 8)
        // 19 edges a row, many rows in random order, so the lanes see every edge in every position.
        return (0..<(19 * 40)).map { _ in edges[Int(generator.next() % UInt64(edges.count))] }
    }()

    static let tests: [ElementTest<Float>] = [
        .notNaN, .above(0, strict: true), .above(0, strict: false), .between(0, 1), .between(-.greatestFiniteMagnitude, .greatestFiniteMagnitude),
        .integersBetween(0, 1), .integersBetween(0, .greatestFiniteMagnitude), .integersBetween(-3, 16_777_216),
    ]

    @Test(arguments: 0..<8)
    func bothLanesCountTheScalarLoopsFailures(index: Int) {
        let test = Self.tests[index]
        let count = Self.values.count / 8 * 8
        let expected = Self.values[..<count].filter { !test.contains($0) }.count
        Self.values.withUnsafeBufferPointer { values in
            #expect(test.laneFailures(values.baseAddress!, count: count, lanes: .baseline) == Float(expected), "\(test)")
            if VectorLanes.fastest == .wide {
                #expect(test.laneFailures(values.baseAddress!, count: count, lanes: .wide) == Float(expected), "\(test)")
            }
        }
        if index == 0 && VectorLanes.fastest != .wide { print("ElementTestLanesTests: this CPU has no AVX2; only Swift's lanes run") }
    }
}
