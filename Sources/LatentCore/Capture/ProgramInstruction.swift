/// One instruction of a compiled program: a loop over buffers named by
/// their addresses, or a call of one of the program's closures (the eager
/// kernels and derivative rules, for the operations without a loop here).
///
/// A program is an array of these run by one `switch` in a loop
/// (``CompiledProgram/execute(_:)``): no closure context to retain, no call
/// through a pointer, for the small elementwise operations that make up most
/// of a small model's step. Each loop is the eager kernel's arithmetic, in
/// its order, so a replay keeps the eager bits.
///
/// `y` is written (assigned in the forward codes and the scratch codes,
/// added into in the `accumulate` codes); `a`, `b` and `c` are read. An
/// operand marked narrow is one scalar, read as if repeated `count` times.
/// A fused `accumulate` code rounds as its two steps would (the product or
/// quotient, then the sum): Swift does not contract them into one FMA.
struct ProgramInstruction<Scalar: TensorScalar> {
    enum Code {
        /// y = f(a).
        case apply(ElementwiseFunction)
        /// y = a ∘ b.
        case combine(ElementwiseOperation, wideA: Bool, wideB: Bool)
        /// y = a ∘ b with the operands laid out as the program's grid at
        /// this index (``OperandGrid``): rows or columns broadcast.
        case combineGrid(ElementwiseOperation, grid: Int)
        /// y = a·k.
        case scale(Scalar)
        /// y = a + k.
        case shift(Scalar)
        /// y[0] = Σ a (in ``Kernels/sumOfRun(_:count:)``'s order).
        case total
        /// y = a, or y[i] = a[0] when `a` is narrow.
        case copy(wide: Bool)
        /// y = c ≠ 0 ? a : b.
        case select(wideCondition: Bool, wideA: Bool, wideB: Bool)
        /// y = a·b (a scratch product of a gradient and an operand).
        case product(wideB: Bool)
        /// y = a/b.
        case quotient(wideB: Bool)
        /// y = −a·b.
        case negatedProduct
        /// y = (c ≠ 0) == `kept` ? a : 0 (a select's gradient for one side).
        case masked(kept: Bool, wideCondition: Bool)
        /// y += ±a elementwise, or y[0] += ±Σ a when `y` is narrow
        /// (``Kernels/addGradient(_:count:into:wide:negated:)``).
        case accumulate(wide: Bool, negated: Bool)
        /// y += ±(a summed to y's place in the grid at this index, given as
        /// its `a`), in the order of ``Kernels/sum(_:toShape:)``: down each
        /// column for a row, along each row for a column.
        case accumulateReduced(grid: Int, negated: Bool)
        /// y = ±a elementwise, or y[0] = ±Σ a when `y` is narrow.
        case assign(wide: Bool, negated: Bool)
        /// y += a·k.
        case accumulateScaled(Scalar)
        /// y += a·b (a product's gradient into an operand of the output's size).
        case accumulateProduct(wideB: Bool)
        /// y += a/b (a quotient's gradient into its numerator).
        case accumulateQuotient(wideB: Bool)
        /// y += −a·b (a quotient's gradient into its denominator, from a/b and the quotient).
        case accumulateNegatedProduct
        /// y += (c ≠ 0) == `kept` ? a : 0 (a select's gradient into one side).
        case accumulateMasked(kept: Bool, wideCondition: Bool)
        /// y[i] += a[0] (a sum's gradient, spread over its input).
        case spread
        /// y[r·length + j] += a[r] for j < length, or = a[r] unless
        /// `adding` (the gradient of a sum over trailing axes, such as an
        /// image's log-likelihood over its pixels, spread over its rows).
        case spreadRows(length: Int, adding: Bool)
        /// y += a·f′ (or y = a·f′ unless `adding`) with f′ from the saved
        /// `b` (``DerivativeRules/rule(_:_:_:into:count:adding:)``).
        case rule(ElementwiseFunction, adding: Bool)
        /// The program's closure at this index.
        case call(Int)
    }

    let code: Code
    let count: Int
    let y: UnsafeMutablePointer<Scalar>
    let a: UnsafePointer<Scalar>
    let b: UnsafePointer<Scalar>
    let c: UnsafePointer<Scalar>

    /// An instruction of `count` scalars; operands not given are unused.
    init(
        _ code: Code, count: Int, y: UnsafeMutablePointer<Scalar>, _ a: UnsafePointer<Scalar>,
        _ b: UnsafePointer<Scalar>? = nil, _ c: UnsafePointer<Scalar>? = nil
    ) {
        self.code = code
        self.count = count
        self.y = y
        self.a = a
        self.b = b ?? a
        self.c = c ?? a
    }

    /// This instruction writing its value into `y` instead of adding it
    /// there, for the first write into a gradient buffer (which then needs
    /// no zeroing: the sum differs from the value only in the sign of a
    /// zero, 0 + (−0) being +0); nil for one that does not add into `y`.
    var assigning: ProgramInstruction? {
        let assigned: Code
        switch code {
        case let .accumulate(wide, negated): assigned = .assign(wide: wide, negated: negated)
        case let .accumulateScaled(factor): assigned = .scale(factor)
        case let .accumulateProduct(wideB): assigned = .product(wideB: wideB)
        case let .accumulateQuotient(wideB): assigned = .quotient(wideB: wideB)
        case .accumulateNegatedProduct: assigned = .negatedProduct
        case let .accumulateMasked(kept, wideCondition): assigned = .masked(kept: kept, wideCondition: wideCondition)
        case .spread: assigned = .copy(wide: false)
        case let .spreadRows(length, true): assigned = .spreadRows(length: length, adding: false)
        case let .rule(function, true): assigned = .rule(function, adding: false)
        default: return nil
        }
        return ProgramInstruction(assigned, count: count, y: y, a, b, c)
    }

    /// A call of closure `index`.
    static func call(_ index: Int, unused: UnsafeMutablePointer<Scalar>) -> ProgramInstruction {
        ProgramInstruction(.call(index), count: 0, y: unused, UnsafePointer(unused))
    }

    /// Which of `a`, `b` and `c` hold one scalar an element, for an
    /// instruction whose elements are computed apart from one another (so
    /// that ranges of them can run on different threads, each element by
    /// the same code); nil for one that sums, walks a grid, spreads rows or
    /// calls a closure.
    var elementwiseOperands: (a: Bool, b: Bool, c: Bool)? {
        switch code {
        case .apply, .scale, .shift, .accumulateScaled: return (true, false, false)
        case let .combine(_, wideA, wideB): return (wideA, wideB, false)
        case let .copy(wide): return (wide, false, false)
        case let .select(wideCondition, wideA, wideB): return (wideA, wideB, wideCondition)
        case let .product(wideB), let .quotient(wideB), let .accumulateProduct(wideB), let .accumulateQuotient(wideB):
            return (true, wideB, false)
        case .negatedProduct, .accumulateNegatedProduct, .rule: return (true, true, false)
        case let .masked(_, wideCondition), let .accumulateMasked(_, wideCondition): return (true, false, wideCondition)
        case let .accumulate(wide, _), let .assign(wide, _): return wide ? (true, false, false) : nil
        case .spread: return (false, false, false)
        case .combineGrid, .total, .accumulateReduced, .spreadRows, .call: return nil
        }
    }

    /// How many consecutive elements one thread must take together when
    /// the instruction is split over the cores: 1 for an elementwise one, a
    /// row for a spread of row values; nil for one that cannot be split.
    var splitUnit: Int? {
        if case let .spreadRows(length, _) = code { return length }
        return elementwiseOperands == nil ? nil : 1
    }

    /// This instruction on the elements `range` only, whose bounds are
    /// multiples of ``splitUnit``.
    func elements(_ range: Range<Int>) -> ProgramInstruction {
        let start = range.lowerBound
        if case let .spreadRows(length, _) = code {
            // Row r's value is a[r].
            return ProgramInstruction(code, count: range.count, y: y + start, a + start / length)
        }
        let wide = elementwiseOperands!
        return ProgramInstruction(code, count: range.count, y: y + start,
                                  wide.a ? a + start : a, wide.b ? b + start : b, wide.c ? c + start : c)
    }
}

extension CompiledProgram {
    /// Elementwise instructions of at least this many scalars run on all
    /// cores (a VAE step's 128 × 784 logits and 128 × 400 hidden units):
    /// handing half to a worker costs about a microsecond, a few thousand
    /// simple updates.
    static var elementsWorthSplitting: Int { 1 << 15 }

    /// Runs `instructions` in order; a large elementwise one split over the
    /// cores in ranges starting at multiples of 64, a large spread of row
    /// values in whole rows, each element computed by the same code as
    /// unsplit (so the same bits).
    @inline(__always)
    func execute(_ instructions: [ProgramInstruction<Scalar>]) {
        instructions.withUnsafeBufferPointer { instructions in
            calls.withUnsafeBufferPointer { calls in
                grids.withUnsafeBufferPointer { grids in
                    for instruction in instructions {
                        guard instruction.count >= Self.elementsWorthSplitting, let unit = instruction.splitUnit else {
                            execute(instruction, calls: calls, grids: grids)
                            continue
                        }
                        ParallelChunks.forEach(count: instruction.count / unit, minimumChunk: Swift.max(1, Self.elementsWorthSplitting / 2 / unit),
                                               alignment: unit == 1 ? 64 : 1) {
                            execute(instruction.elements($0.lowerBound * unit ..< $0.upperBound * unit), calls: calls, grids: grids)
                        }
                    }
                }
            }
        }
    }

    @inline(__always)
    private func execute(
        _ instruction: ProgramInstruction<Scalar>, calls: UnsafeBufferPointer<() -> Void>, grids: UnsafeBufferPointer<OperandGrid>
    ) {
        let (n, y, a, b, c) = (instruction.count, instruction.y, instruction.a, instruction.b, instruction.c)
        switch instruction.code {
        case let .apply(function):
            Kernels.apply(function, a, into: y, count: n)
        case let .combine(operation, wideA, wideB):
            if n == 1 {
                switch operation {
                case .add: y[0] = a[0] + b[0]
                case .subtract: y[0] = a[0] - b[0]
                case .multiply: y[0] = a[0] * b[0]
                case .divide: y[0] = a[0] / b[0]
                default: Kernels.combine(a, wide: wideA, operation, b, wide: wideB, into: y, count: n)
                }
            } else {
                Kernels.combine(a, wide: wideA, operation, b, wide: wideB, into: y, count: n)
            }
        case let .combineGrid(operation, index):
            // Along a row each operand steps by 1 or stays (a scalar of the
            // row): one contiguous loop of the plain kernel a row.
            let grid = grids[index]
            let (wideA, wideB) = (grid.aColumn == 1, grid.bColumn == 1)
            for r in 0..<grid.rows {
                Kernels.combine(a + r * grid.aRow, wide: wideA, operation, b + r * grid.bRow, wide: wideB,
                                into: y + r * grid.columns, count: grid.columns)
            }
        case let .scale(factor):
            for i in 0..<n { y[i] = a[i] * factor }
        case let .shift(constant):
            for i in 0..<n { y[i] = a[i] + constant }
        case .total:
            y[0] = Kernels.sumOfRun(a, count: n)
        case let .copy(wide):
            if n == 1 { y[0] = a[0] } else if wide { y.update(from: a, count: n) } else { y.update(repeating: a[0], count: n) }
        case let .select(wideCondition, wideA, wideB):
            for i in 0..<n {
                y[i] = c[wideCondition ? i : 0] != 0 ? a[wideA ? i : 0] : b[wideB ? i : 0]
            }
        case let .product(wideB):
            if wideB { for i in 0..<n { y[i] = a[i] * b[i] } } else { let x = b[0]; for i in 0..<n { y[i] = a[i] * x } }
        case let .quotient(wideB):
            if wideB { for i in 0..<n { y[i] = a[i] / b[i] } } else { let x = b[0]; for i in 0..<n { y[i] = a[i] / x } }
        case .negatedProduct:
            for i in 0..<n { y[i] = -a[i] * b[i] }
        case let .masked(kept, wideCondition):
            for i in 0..<n { y[i] = (c[wideCondition ? i : 0] != 0) == kept ? a[i] : 0 }
        case let .accumulate(wide, negated):
            Kernels.addGradient(a, count: n, into: y, wide: wide, negated: negated)
        case let .accumulateReduced(index, negated):
            accumulateReduced(a, into: y, grid: grids[index], negated: negated)
        case let .assign(wide, negated):
            if wide {
                if negated { for i in 0..<n { y[i] = -a[i] } } else if n == 1 { y[0] = a[0] } else { y.update(from: a, count: n) }
            } else {
                let total = n == 1 ? a[0] : Kernels.sumOfRun(a, count: n)
                y[0] = negated ? -total : total
            }
        case let .accumulateScaled(factor):
            for i in 0..<n { y[i] += a[i] * factor }
        case let .accumulateProduct(wideB):
            if wideB { for i in 0..<n { y[i] += a[i] * b[i] } } else { let x = b[0]; for i in 0..<n { y[i] += a[i] * x } }
        case let .accumulateQuotient(wideB):
            if wideB { for i in 0..<n { y[i] += a[i] / b[i] } } else { let x = b[0]; for i in 0..<n { y[i] += a[i] / x } }
        case .accumulateNegatedProduct:
            for i in 0..<n { y[i] += -a[i] * b[i] }
        case let .accumulateMasked(kept, wideCondition):
            for i in 0..<n { y[i] += (c[wideCondition ? i : 0] != 0) == kept ? a[i] : 0 }
        case .spread:
            let total = a[0]
            for i in 0..<n { y[i] += total }
        case let .spreadRows(length, adding):
            for r in 0..<(n / length) {
                let (row, value) = (y + r * length, a[r])
                if adding { for j in 0..<length { row[j] += value } } else { row.update(repeating: value, count: length) }
            }
        case let .rule(function, adding):
            DerivativeRules.rule(function, a, b, into: y, count: n, adding: adding)
        case let .call(index):
            calls[index]()
        }
    }

    /// `y += ±(a summed to y's place in grid)`, `y` being the grid's `a`.
    @inline(__always)
    private func accumulateReduced(_ a: UnsafePointer<Scalar>, into y: UnsafeMutablePointer<Scalar>, grid: OperandGrid, negated: Bool) {
        let (rows, columns) = (grid.rows, grid.columns)
        switch (grid.aRow, grid.aColumn) {
        case (0, 0):
            let total = rows * columns == 1 ? a[0] : Kernels.sumOfRun(a, count: rows * columns)
            y[0] += negated ? -total : total
        case (0, 1):
            // Each column's total in increasing rows from 0, as a loop down
            // the column would add them, but a row at a time (contiguous
            // reads), into a scratch row first: y[c] + a₀ + a₁ + … would
            // round differently from y[c] + (a₀ + a₁ + …).
            withUnsafeTemporaryAllocation(of: Scalar.self, capacity: columns) { totals in
                let totals = totals.baseAddress!
                totals.initialize(repeating: 0, count: columns)
                for r in 0..<rows {
                    let row = a + r * columns
                    for c in 0..<columns { totals[c] += row[c] }
                }
                for c in 0..<columns { y[c] += negated ? -totals[c] : totals[c] }
            }
        case (1, 0):
            for r in 0..<rows {
                let total = Kernels.sumOfRun(a + r * columns, count: columns)
                y[r] += negated ? -total : total
            }
        default:
            for i in 0..<(rows * columns) { y[i] += negated ? -a[i] : a[i] }
        }
    }
}
