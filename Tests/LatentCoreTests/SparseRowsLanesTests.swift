@testable import LatentCore
import Testing

/// The mostly-zero product's row sums on each set of lanes: the AVX2 kernel
/// adds the same terms in the same order as Swift's lanes, unfused, so the
/// two must agree to the bit (`ForwardValueTests` checks the values
/// against loops in Double). 90 % zeros; weights of any value, all ones,
/// or rows of each kind by turns; both orientations of the left operand,
/// with and without accumulating; 37 rows and 203 columns: Float's
/// 16-column panels and the blocks after them, Double's 64-column blocks,
/// the 8-column steps and Swift's scalar rest all run. The panels' own
/// cases (where b starts in a cache line, groups of four rows, partial
/// panels) are tested apart, below.
@Suite("Sparse row sums on each set of lanes")
struct SparseRowsLanesTests {
    enum Weights: CaseIterable { case any, ones, byTurns }

    /// n = 256: rows of b 1 KiB (Float) or 2 KiB (Double) apart, which the
    /// transposed product reads from a copy with longer rows.
    @Test(arguments: Weights.allCases, [203, 256])
    func wideLanesGiveTheBitsOfSwiftsLanes(weights: Weights, n: Int) throws {
        guard VectorLanes.fastest == .wide else {
            print("SparseRowsLanesTests: this CPU has no AVX2; only Swift's lanes run")
            return
        }
        let (m, k) = (37, 150)
        var generator = Xoshiro256PlusPlus(seed: 5)
        let b = try Tensor<Float>.randomNormal([k, n], using: &generator).scalars
        let start = try Tensor<Float>.randomNormal([m * n], using: &generator).scalars
        for transposed in [false, true] {
            let a = (0..<(m * k)).map { index in
                // Row i of op(a) is row i of a stored m×k, column i of a stored k×m.
                let row = transposed ? index % m : index / k
                let ones = weights == .ones || (weights == .byTurns && row % 2 == 0)
                return Float.randomUniform(using: &generator) < 0.1 ? (ones ? 1 : Float.randomUniform(using: &generator) - 0.5) : 0
            }
            let doubles = (a.map(Double.init), b.map(Double.init), start.map(Double.init))
            for accumulate in [false, true] {
                func product<S: TensorScalar>(_ a: [S], _ b: [S], _ start: [S], _ lanes: VectorLanes) -> [S] {
                    var c = start
                    c.withUnsafeMutableBufferPointer { c in
                        Kernels.sparseTimesDense(
                            a, transposed: transposed, b, into: c.baseAddress!, m: m, n: n, k: k, accumulate: accumulate, lanes: lanes)
                    }
                    return c
                }
                #expect(product(a, b, start, .wide) == product(a, b, start, .baseline), "Float, transposed \(transposed), accumulate \(accumulate)")
                #expect(product(doubles.0, doubles.1, doubles.2, .wide) == product(doubles.0, doubles.1, doubles.2, .baseline),
                        "Double, transposed \(transposed), accumulate \(accumulate)")
            }
        }
    }

    /// Blocks of columns change which columns a pass over the rows visits,
    /// not the terms of an element or their order: 64-column blocks give
    /// the bits of one block, and both are within the standard bound of a
    /// Float sum of k terms, k·2⁻²⁴·Σ|terms|, of a dense Double loop. In
    /// Swift's lanes, where the blocks take every column (with AVX2 Float's
    /// panels would take most of them). n = 256 puts rows of b 1 KiB
    /// apart, read from a copy with longer rows.
    @Test(arguments: [false, true], [203, 256])
    func columnBlocksKeepTheBitsOfOneBlock(transposed: Bool, n: Int) throws {
        let (m, k) = (29, 150)
        var generator = Xoshiro256PlusPlus(seed: 11)
        let a = (0..<(m * k)).map { _ in Float.randomUniform(using: &generator) < 0.12 ? Float.randomUniform(using: &generator) : 0 }
        let b = try Tensor<Float>.randomNormal([k, n], using: &generator).scalars
        func product(blockBytes: Int) -> [Float] {
            var c = [Float](repeating: 0, count: m * n)
            c.withUnsafeMutableBufferPointer { c in
                Kernels.sparseTimesDense(
                    a, transposed: transposed, b, into: c.baseAddress!, m: m, n: n, k: k, accumulate: false, lanes: .baseline,
                    blockBytes: blockBytes)
            }
            return c
        }
        let blocked = product(blockBytes: 1), whole = product(blockBytes: 1 << 30)
        #expect(blocked == whole)
        for i in 0..<m {
            for j in 0..<n {
                var (exact, magnitude) = (0.0, 0.0)
                for t in 0..<k {
                    // op(a)[i, t]: a is stored m×k, or k×m when transposed.
                    let weight = Double(transposed ? a[t * m + i] : a[i * k + t])
                    exact += weight * Double(b[t * n + j])
                    magnitude += abs(weight * Double(b[t * n + j]))
                }
                #expect(abs(Double(whole[i * n + j]) - exact) <= Double(k) * 0x1p-24 * magnitude + 1e-30)
            }
        }
    }

    /// Float's panels on one list of all 37 rows (so that nine groups of
    /// four and a last row alone run whatever the number of threads), the
    /// groups all ones, all weighted or mixing unit and weighted rows, with
    /// b 0, 1, 10 or 15 scalars past a cache line and c elsewhere in one:
    /// the panels start before column 0 or on it and end partial or whole;
    /// with k = 800 the rows of b in three passes, and with n a multiple
    /// of 128 each panel read from a packed copy. They must give the bits
    /// of Swift's lanes, write exactly the columns they report (all n for n
    /// a multiple of 16, else the largest multiple of 16 below it) and
    /// nothing around c.
    @Test(arguments: [(5, 150), (16, 150), (203, 150), (208, 150), (400, 150), (256, 150), (400, 800), (512, 800)])
    func panelsGiveTheBitsOfSwiftsLanesWhereverBStarts(n: Int, k: Int) throws {
        guard VectorLanes.fastest == .wide else {
            print("SparseRowsLanesTests: this CPU has no AVX2; Float's panels do not run")
            return
        }
        let m = 37
        var generator = Xoshiro256PlusPlus(seed: 23)
        // Rows 4–7 of each eight mix one weighted row (row 5) among unit
        // ones; rows 12–15 of each sixteen are all weighted.
        let a = (0..<(m * k)).map { index in
            let row = index / k
            return Float.randomUniform(using: &generator) < 0.1
                ? (row % 8 == 5 || row % 16 >= 12 ? Float.randomUniform(using: &generator) - 0.5 : 1) : 0
        }
        let bValues = try Tensor<Float>.randomNormal([k * n], using: &generator).scalars
        let start = try Tensor<Float>.randomNormal([m * n], using: &generator).scalars
        let written = n % 16 == 0 ? n : n / 16 * 16
        let sentinel: Float = 12_345
        for offset in [0, 1, 10, 15] {
            // b `offset` scalars past a 64-byte line, c 16 + (offset + 3) % 16 scalars into its room.
            let bRoom = UnsafeMutablePointer<Float>.allocate(capacity: k * n + 48)
            let cRoom = UnsafeMutablePointer<Float>.allocate(capacity: m * n + 48)
            defer {
                bRoom.deallocate()
                cRoom.deallocate()
            }
            let lineStart = (16 - Int(bitPattern: bRoom) / 4 % 16) % 16
            let b = bRoom + lineStart + offset
            b.update(from: bValues, count: k * n)
            let cOffset = 16 + (offset + 3) % 16
            let c = cRoom + cOffset
            let terms = a.withUnsafeBufferPointer { SparseRowTerms($0.baseAddress!, transposed: false, rows: 0..<m, m: m, k: k) }
            defer { terms.deallocate() }
            for accumulate in [false, true] {
                var expected = start
                expected.withUnsafeMutableBufferPointer { expected in
                    Kernels.sparseTimesDense(
                        a, transposed: false, b, into: expected.baseAddress!, m: m, n: n, k: k, accumulate: accumulate, lanes: .baseline)
                }
                cRoom.update(repeating: sentinel, count: m * n + 48)
                c.update(from: start, count: m * n)
                let wrote = Kernels.panelCombineRows(of: UnsafePointer(b), terms: terms, rows: m, k: k, into: c, n: n, accumulate: accumulate)
                let label = "n \(n), b \(offset) scalars into a line, accumulate \(accumulate)"
                #expect(wrote == written, "\(label)")
                let got = (0..<(m * n)).map { c[$0].bitPattern }
                let want = (0..<(m * n)).map { $0 % n < written ? expected[$0].bitPattern : start[$0].bitPattern }
                #expect(got == want, "\(label)")
                let around = (0..<cOffset).map { cRoom[$0] } + (0..<(48 - cOffset)).map { c[m * n + $0] }
                #expect(around.allSatisfy { $0 == sentinel }, "\(label): written outside c")
            }
        }
    }

    /// The listing of a row's nonzero terms (eight scalars at a time with
    /// AVX2) against a plain loop: every scalar other than ±0 is a term,
    /// NaN and subnormals included, in column order with its weight's bits,
    /// and the row is flagged all-ones only when every term is exactly 1.
    /// Lengths 0 to 20 and 203 cover the eight-wide steps and every rest.
    @Test func rowTermsListEveryNonzeroInOrder() {
        if VectorLanes.fastest != .wide { print("SparseRowsLanesTests: this CPU has no AVX2; only the plain C listing runs") }
        var generator = Xoshiro256PlusPlus(seed: 17)
        let specials: [Float] = [-0.0, .nan, 0x1p-140, 0.5, -1, .infinity]
        for length in Array(0...20) + [203] {
            for trial in 0..<40 {
                var line = (0..<length).map { _ in Float.randomUniform(using: &generator) < 0.15 ? Float(1) : 0 }
                if trial % 2 == 1, length > 0 {
                    line[Int(Float.randomUniform(using: &generator) * Float(length)) % length] = specials[trial / 2 % specials.count]
                }
                let expected = line.indices.filter { line[$0] != 0 || line[$0].isNaN }
                // Room for `length` entries, then eight sentinels that must stay.
                var columns = [Int32](repeating: -1, count: length + 8)
                var weights = [Float](repeating: 7, count: length + 8)
                var unit: Int32 = -1
                let count = line.withUnsafeBufferPointer { line in
                    SparseRowTerms<Float>.rowTerms(line.baseAddress ?? UnsafePointer(bitPattern: 8)!, k: length,
                                                   columns: &columns, weights: &weights, unit: &unit)
                }
                #expect(count == expected.count, "length \(length), trial \(trial)")
                #expect(Array(columns.prefix(count)).map(Int.init) == expected)
                #expect(weights.prefix(count).map(\.bitPattern) == expected.map { line[$0].bitPattern })
                #expect(unit == (expected.allSatisfy { line[$0] == 1 } ? 1 : 0))
                #expect(columns.suffix(8).allSatisfy { $0 == -1 } && weights.suffix(8).allSatisfy { $0 == 7 }, "written past the row")
            }
        }
    }
}
