import LatentCore
import LatentTestSupport
import Testing

/// The kernels that share a large tensor out over the cores (a named
/// function, the sum of each row, normal draws) give the bits the same
/// work gives on one thread, whatever the split: each element or row is
/// computed by one thread with the same code. The references are the same
/// kernels on pieces too small to be shared out, and, for the draws, the
/// Box–Muller pair of each two generator words. (With one thread, on a
/// one-core machine or under `LATENT_NUM_THREADS=1`, nothing is split and
/// the tests hold trivially.)
@Suite("Kernels on all cores")
struct AllCoresKernelTests {
    /// Enough scalars that `ParallelChunks` splits them over two threads.
    static let large = 3 * ParallelChunks.minimumChunk + 5

    @Test(arguments: [ElementwiseFunction.relu, .exp, .sigmoid, .logGamma])
    func functionOfALargeTensor(_ function: ElementwiseFunction) throws {
        var generator = Xoshiro256PlusPlus(seed: 11)
        let x = try Tensor<Float>.randomNormal([Self.large], standardDeviation: 3, using: &generator)
        let whole = Float.apply(function, to: x).scalars
        let scalars = x.scalars
        let pieces = stride(from: 0, to: scalars.count, by: 1_000).flatMap { start in
            Float.apply(function, to: Tensor(Array(scalars[start..<Swift.min(start + 1_000, scalars.count)]))).scalars
        }
        #expect(whole.map(\.bitPattern) == pieces.map(\.bitPattern))
    }

    @Test func sumsOfManyRows() throws {
        var generator = Xoshiro256PlusPlus(seed: 12)
        let (rows, length) = (1_024, 784)
        let x = try Tensor<Float>.randomNormal([rows, length], using: &generator)
        let sums = try x.sum(alongAxes: [1]).scalars
        let scalars = x.scalars
        for row in [0, 1, 511, 512, 513, 1_023] {
            let alone = Array(scalars[(row * length)..<((row + 1) * length)])
            #expect(try Tensor(alone).sum().scalarValue.bitPattern == sums[row].bitPattern, "row \(row)")
            // Float's eight-lane sum of 784 standard normals: within 1e-4 of the sum in Double.
            #expect(abs(Double(sums[row]) - alone.reduce(0.0) { $0 + Double($1) }) < 1e-4, "row \(row)")
        }
    }

    /// An odd count, so that the last pair's second normal is dropped as on one thread.
    @Test(arguments: [40_001, 3])
    func normalDrawsAreTheBoxMullerPairsOfTheStream(count: Int) throws {
        var generator = Xoshiro256PlusPlus(seed: 13)
        var words = generator
        let draws = try Tensor<Double>.randomNormal([count], mean: 1, standardDeviation: 2, using: &generator).scalars
        var expected: [Double] = []
        while expected.count < count {
            let first = words.next()
            let (a, b) = Double.normalPair(words: first, words.next())
            expected += [1 + 2 * a, 1 + 2 * b]
        }
        #expect(draws.map(\.bitPattern) == expected.prefix(count).map(\.bitPattern))
        // The generator moved on by the words the pairs used, as on one thread.
        #expect(generator.next() == words.next())
    }
}
