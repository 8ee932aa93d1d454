import LatentCore
import LatentTestSupport
import Testing

/// Forward values against naive reference loops written independently of
/// the kernels (index arithmetic by hand, no broadcasting walk).
@Suite("Forward values equal naive reference computations")
struct ForwardValueTests {
    @Test func broadcastingAddMatchesExplicitIndexing() throws {
        let a = try InputDomain.real.draw([3, 1, 4], seed: 1)
        let b = try InputDomain.real.draw([2, 4], seed: 2)
        let c = try a + b
        #expect(c.shape == [3, 2, 4])
        for i in 0..<3 {
            for j in 0..<2 {
                for k in 0..<4 {
                    #expect(try c.scalar(at: [i, j, k]) == a.scalar(at: [i, 0, k]) + b.scalar(at: [j, k]))
                }
            }
        }
    }

    @Test func matmulMatchesTripleLoop() throws {
        let a = try InputDomain.real.draw([2, 3, 4], seed: 3)
        let b = try InputDomain.real.draw([4, 5], seed: 4)
        let c = try matmul(a, b)
        #expect(c.shape == [2, 3, 5])
        for batch in 0..<2 {
            for i in 0..<3 {
                for j in 0..<5 {
                    var total = 0.0
                    for k in 0..<4 { total += try a.scalar(at: [batch, i, k]) * b.scalar(at: [k, j]) }
                    #expect(isClose(try c.scalar(at: [batch, i, j]), total, tolerance: 1e-12))
                }
            }
        }
    }

    /// The fused `a·b + bias` on a left operand with two leading axes (a
    /// batch of draws), against the triple loop plus the bias, in Double.
    @Test func matmulAddingBiasOnLeadingAxesMatchesTripleLoop() throws {
        let (a, b, bias) = try (InputDomain.real.draw([2, 3, 4], seed: 16), InputDomain.real.draw([4, 5], seed: 17),
                                InputDomain.real.draw([5], seed: 18))
        let c = try matmul(a, b, adding: bias)
        #expect(c.shape == [2, 3, 5])
        for batch in 0..<2 {
            for i in 0..<3 {
                for j in 0..<5 {
                    var total = try bias.scalar(at: [j])
                    for k in 0..<4 { total += try a.scalar(at: [batch, i, k]) * b.scalar(at: [k, j]) }
                    #expect(isClose(try c.scalar(at: [batch, i, j]), total, tolerance: 1e-12))
                }
            }
        }
    }

    /// The fused `a·b + bias` (bias written first, the product accumulated
    /// by `?gemm`) against the triple loop plus the bias, in Float, where
    /// the two summation orders differ by a few ulps at most.
    @Test func matmulAddingBiasMatchesTripleLoop() throws {
        let (a, b, bias) = try (InputDomain.real.draw([6, 7], seed: 13), InputDomain.real.draw([7, 9], seed: 14),
                                InputDomain.real.draw([9], seed: 15))
        let single = try (Tensor<Float>(shape: a.shape, scalars: a.scalars.map(Float.init)),
                          Tensor<Float>(shape: b.shape, scalars: b.scalars.map(Float.init)),
                          Tensor<Float>(shape: bias.shape, scalars: bias.scalars.map(Float.init)))
        let c = try matmul(single.0, single.1, adding: single.2)
        #expect(c.shape == [6, 9])
        for i in 0..<6 {
            for j in 0..<9 {
                var total = try Double(single.2.scalar(at: [j]))
                for k in 0..<7 { total += try Double(single.0.scalar(at: [i, k])) * Double(single.1.scalar(at: [k, j])) }
                #expect(isClose(Double(try c.scalar(at: [i, j])), total, tolerance: 1e-5))
            }
        }
    }

    /// A left operand that is 90% zeros (as binarised images are) takes the
    /// sparse path for the product, the product with a bias, and the
    /// right operand's gradient Aᵀ·G; each against loops in Double, to
    /// Float rounding (1e-5 relative to the sum of absolute terms). Nonzeros
    /// of any value, and all ones (binarised data); 77 columns reach both
    /// the 32-column blocks of the kernel and its column-by-column rest.
    @Test(arguments: [false, true])
    func mostlyZeroLeftOperandMatchesLoops(binary: Bool) throws {
        let (m, k, n) = (64, 300, 77)
        var generator = Xoshiro256PlusPlus(seed: 21)
        let aValues = (0..<(m * k)).map { _ in
            Float.randomUniform(using: &generator) < 0.1 ? (binary ? 1 : Float.randomUniform(using: &generator) + 0.5) : 0
        }
        let a = try Tensor<Float>(shape: [m, k], scalars: aValues)
        let b = try Tensor<Float>.randomNormal([k, n], using: &generator)
        let bias = try Tensor<Float>.randomNormal([n], using: &generator)
        let weights = try Tensor<Float>.randomNormal([m, n], using: &generator)
        let (bs, biasValues, ws) = (b.scalars, bias.scalars, weights.scalars)
        let product = try matmul(a, b).scalars
        let affine = try matmul(a, b, adding: bias).scalars
        let gradient = try valueWithGradient(at: b) { b in try (matmul(a, b) * weights).sum() }.gradient.scalars
        func check(_ value: Float, _ terms: [Double]) {
            let scale = terms.map(abs).reduce(0, +) + 1e-30
            #expect(abs(Double(value) - terms.reduce(0, +)) <= 1e-5 * scale)
        }
        for i in 0..<m {
            for j in 0..<n {
                let terms = (0..<k).map { Double(aValues[i * k + $0]) * Double(bs[$0 * n + j]) }
                check(product[i * n + j], terms)
                check(affine[i * n + j], terms + [Double(biasValues[j])])
            }
        }
        for r in 0..<k {
            for j in 0..<n {
                check(gradient[r * n + j], (0..<m).map { Double(aValues[$0 * k + r]) * Double(ws[$0 * n + j]) })
            }
        }
    }

    /// Products big enough to be split over the threads — by rows when
    /// the result has at least as many rows as columns, by columns
    /// otherwise — and their gradients Aᵀ·G and G·Bᵀ (transposed operands
    /// inside the blocks), against loops in Double to Float rounding.
    @Test(arguments: [(96, 200, 70), (40, 200, 150)])
    func productsSplitOverThreadsMatchLoops(shape: (Int, Int, Int)) throws {
        let (m, k, n) = shape
        var generator = Xoshiro256PlusPlus(seed: 22)
        let a = try Tensor<Float>.randomNormal([m, k], using: &generator)
        let b = try Tensor<Float>.randomNormal([k, n], using: &generator)
        let weights = try Tensor<Float>.randomNormal([m, n], using: &generator)
        let (product, gradients) = try valueWithGradient(at: [a, b]) { ab in try (matmul(ab[0], ab[1]) * weights).sum() }
        let values = try matmul(a, b).scalars
        let (as_, bs, ws) = (a.scalars, b.scalars, weights.scalars)
        let (da, db) = (gradients[0].scalars, gradients[1].scalars)
        func check(_ value: Float, _ terms: [Double]) {
            let scale = terms.map(abs).reduce(0, +) + 1e-30
            #expect(abs(Double(value) - terms.reduce(0, +)) <= 1e-5 * scale)
        }
        for i in 0..<m {
            for j in 0..<n { check(values[i * n + j], (0..<k).map { Double(as_[i * k + $0]) * Double(bs[$0 * n + j]) }) }
            for r in 0..<k { check(da[i * k + r], (0..<n).map { Double(ws[i * n + $0]) * Double(bs[r * n + $0]) }) }
        }
        for r in 0..<k {
            for j in 0..<n { check(db[r * n + j], (0..<m).map { Double(as_[$0 * k + r]) * Double(ws[$0 * n + j]) }) }
        }
        #expect(product.isFinite)
    }

    /// `isFinite` is false with one NaN or ±∞ anywhere — in the 32-lane
    /// blocks, the 8-lane rest or the scalar tail of 77 scalars, or in any
    /// chunk of a tensor split over the threads — and true for finite values
    /// up to the largest, in both precisions.
    @Test func isFiniteFindsOneNonFiniteScalarAnywhere() throws {
        func check<S: TensorScalar>(_: S.Type) throws {
            let finite = (0..<77).map { S($0) - 38 }
            #expect(try Tensor<S>(shape: [77], scalars: finite).isFinite)
            #expect(try Tensor<S>(shape: [77], scalars: finite.map { $0 / 38 * .greatestFiniteMagnitude }).isFinite)
            for position in [0, 31, 40, 70, 76] {
                for bad in [S.nan, S.infinity, -S.infinity] {
                    var scalars = finite
                    scalars[position] = bad
                    #expect(try !Tensor<S>(shape: [77], scalars: scalars).isFinite)
                }
            }
        }
        try check(Float.self)
        try check(Double.self)
        // Large enough to be checked in chunks on several threads.
        var large = [Float](repeating: 1, count: 200_003)
        #expect(try Tensor<Float>(shape: [large.count], scalars: large).isFinite)
        for position in [0, 150_000, 200_002] {
            large[position] = .nan
            #expect(try !Tensor<Float>(shape: [large.count], scalars: large).isFinite, "\(position)")
            large[position] = 1
        }
    }

    @Test func batchedRightOperandMatchesPerBatchProducts() throws {
        let a = try InputDomain.real.draw([3, 4], seed: 5)
        let b = try InputDomain.real.draw([2, 4, 5], seed: 6)
        let c = try matmul(a, b)
        for batch in 0..<2 {
            let single = try matmul(a, b.sliced(alongAxis: 0, batch..<(batch + 1)).reshaped(to: [4, 5]))
            let part = try c.sliced(alongAxis: 0, batch..<(batch + 1)).reshaped(to: [3, 5])
            #expect(zip(single.scalars, part.scalars).allSatisfy { isClose($0, $1, tolerance: 1e-12) })
        }
    }

    @Test func permuteMovesEveryScalarWhereTheAxesSay() throws {
        let x = try InputDomain.real.draw([2, 3, 4], seed: 7)
        let y = try x.permuted([2, 0, 1])
        #expect(y.shape == [4, 2, 3])
        for i in 0..<2 {
            for j in 0..<3 {
                for k in 0..<4 { #expect(try y.scalar(at: [k, i, j]) == x.scalar(at: [i, j, k])) }
            }
        }
    }

    @Test func reductionsMatchLoops() throws {
        let x = try InputDomain.real.draw([3, 4], seed: 8)
        let rows = try x.sum(alongAxes: [1])
        let peaks = try x.max(alongAxes: [0], keepingDims: true)
        #expect(peaks.shape == [1, 4])
        for i in 0..<3 {
            let row = try (0..<4).map { try x.scalar(at: [i, $0]) }
            #expect(isClose(try rows.scalar(at: [i]), row.reduce(0, +), tolerance: 1e-14))
        }
        for j in 0..<4 {
            let column = try (0..<3).map { try x.scalar(at: [$0, j]) }
            #expect(try peaks.scalar(at: [0, j]) == column.max())
        }
        #expect(isClose(try x.mean().scalarValue, x.scalars.reduce(0, +) / 12, tolerance: 1e-14))
        // Column sums (a bias's gradient): 19 columns reach the eight-wide
        // part and the rest; each sums its column in row order, exactly.
        let wide = try InputDomain.real.draw([5, 19], seed: 9)
        let columns = try wide.sum(alongAxes: [0]).scalars
        for j in 0..<19 {
            #expect(columns[j] == (0..<5).reduce(0.0) { $0 + wide.scalars[$1 * 19 + j] })
        }
    }

    @Test func softmaxRowsAreDistributionsAndLogSoftmaxIsTheirLog() throws {
        let x = try InputDomain.real.draw([3, 5], seed: 9) * 4
        let p = try x.softmax()
        let logP = try x.logSoftmax()
        let totals = try p.sum(alongAxes: [1])
        #expect(totals.scalars.allSatisfy { isClose($0, 1, tolerance: 1e-14) })
        #expect(zip(log(p).scalars, logP.scalars).allSatisfy { isClose($0, $1, tolerance: 1e-12) })
    }

    @Test func choleskyFactorReproducesTheMatrixAndSolvesInvertIt() throws {
        let b = try InputDomain.real.draw([4, 4], seed: 10)
        let a = try matmul(b, b.transposed()) + Tensor<Double>.identity(4)
        let l = try a.cholesky()
        let rebuilt = try matmul(l, l.transposed())
        #expect(zip(rebuilt.scalars, a.scalars).allSatisfy { isClose($0, $1, tolerance: 1e-12) })
        #expect(try (0..<4).allSatisfy { i in try (i + 1..<4).allSatisfy { try l.scalar(at: [i, $0]) == 0 } })
        let rhs = try InputDomain.real.draw([4, 2], seed: 11)
        let x = try lowerTriangularSolve(l, rhs)
        #expect(zip(try matmul(l, x).scalars, rhs.scalars).allSatisfy { isClose($0, $1, tolerance: 1e-12) })
        let y = try lowerTriangularSolve(l, rhs, transposed: true)
        #expect(zip(try matmul(l.transposed(), y).scalars, rhs.scalars).allSatisfy { isClose($0, $1, tolerance: 1e-12) })
    }

    @Test func gatherAndSelectPickTheNamedScalars() throws {
        let x = try Tensor<Double>(rows: [[0, 1, 2], [10, 11, 12]])
        #expect(try x.gathering([2, 0], alongAxis: 1).scalars == [2, 10])
        #expect(try x.slices(at: [1, 1, 0], alongAxis: 0).scalars == [10, 11, 12, 10, 11, 12, 0, 1, 2])
        #expect(try x.sliced(alongAxis: 1, 1..<3).scalars == [1, 2, 11, 12])
        #expect(try Tensor.concatenating([x, x], alongAxis: 1).shape == [2, 6])
        #expect(try Tensor.stacking([x, x], alongAxis: 0).shape == [2, 2, 3])
    }

    @Test func creationFunctionsMatchTheirDefinitions() throws {
        #expect(try Tensor<Double>.arange(from: 0, to: 1, by: 0.25).scalars == [0, 0.25, 0.5, 0.75])
        #expect(try Tensor<Float>.linspace(from: -1, through: 1, count: 5).scalars == [-1, -0.5, 0, 0.5, 1])
        #expect(try Tensor<Double>.identity(2).scalars == [1, 0, 0, 1])
        #expect(try Tensor<Double>.ones([2, 2]).sum().scalarValue == 4)
    }

    @Test func floatAndDoubleAgree() throws {
        let x = try InputDomain.real.draw([4, 3], seed: 12)
        let w = try InputDomain.real.draw([3, 2], seed: 13)
        let double = try softplus(matmul(x, w)).logSumExp()
        let xf = try Tensor<Float>(shape: x.shape, scalars: x.scalars.map(Float.init))
        let wf = try Tensor<Float>(shape: w.shape, scalars: w.scalars.map(Float.init))
        let single = try softplus(matmul(xf, wf)).logSumExp()
        // Float carries 24 bits: 1e-5 relative is a few ulps after ~10 operations.
        #expect(isClose(Double(try single.scalarValue), try double.scalarValue, tolerance: 1e-5))
    }
}
