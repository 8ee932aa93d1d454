// The reverse half of a compiled program: the instructions adding each
// operation's input gradients into its tracked inputs' gradient buffers, in
// the eager walk's order. Sums, broadcasts, selects and the common
// elementwise operations are loops of the interpreter; the rest rebuild the
// tape's record of the operation over views of the buffers and ask
// ``DerivativeRules`` (the eager rules, so the eager bits).

extension CompiledProgram {
    /// Appends the reverse instructions of `instruction`; returns the
    /// gradient buffers a call among them reads and adds into.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func appendReverse(_ instruction: CapturedInstruction<Scalar>) throws -> GradientAccess<Scalar>? {
        let inputs = instruction.operands.map(operand)
        let targets = zip(instruction.operands, instruction.tracked).map { operand, tracked -> TensorStorage<Scalar>? in
            guard tracked, case let .slot(slot) = operand else { return nil }
            return gradients[slot]
        }
        let output = view(instruction.output)
        let g = Tensor(shape: output.shape, storage: gradients[instruction.output]!)
        if case let .primitive(operation) = instruction.kind,
           let loops = reverseLoops(operation, inputs, output: output, g: g.storage.base, into: targets) {
            reverse += loops
            return nil
        }
        if case let .primitive(operation) = instruction.kind,
           let access = appendProductReverse(operation, inputs, g: g.storage, into: targets) {
            return access
        }
        let rule = try rebuiltOperation(instruction.kind, inputs, output: output)
        let (needsFirst, needsSecond) = (targets[0] != nil, targets.count > 1 && targets[1] != nil)
        appendCall(to: &reverse) {
            let parts: InputGradients<Scalar>
            switch rule {
            case let .tape(makeOperation):
                parts = DerivativeRules.pullback(makeOperation(), g, needsFirst: needsFirst, needsSecond: needsSecond)
            case let .custom(pullback):
                parts = (pullback(g), nil, [])
            }
            if let target = targets[0], let part = parts.first { Kernels.add(part, into: target) }
            if targets.count > 1, let target = targets[1], let part = parts.second { Kernels.add(part, into: target) }
            for (target, part) in zip(targets.dropFirst(2), parts.rest) {
                if let target, let part { Kernels.add(part, into: target) }
            }
        }
        return GradientAccess(reads: g.storage.base, writes: targets.compactMap { $0?.base })
    }

    /// The input gradients of the operations that are loops of the
    /// interpreter: sums to a scalar, and elementwise operations, broadcasts
    /// and selects whose operands are either the output's size or one
    /// scalar. The loops follow the eager rules exactly (a scalar operand's
    /// gradient is the lane-wise sum that ``Kernels/sum(_:toShape:)`` takes).
    func reverseLoops(
        _ operation: Operation<Scalar>, _ x: [Tensor<Scalar>], output value: Tensor<Scalar>,
        g: UnsafeMutablePointer<Scalar>, into targets: [TensorStorage<Scalar>?]
    ) -> [ProgramInstruction<Scalar>]? {
        let first = targets[0]?.base, second = targets.count > 1 ? targets[1]?.base : nil
        let (g, output, n) = (UnsafePointer(g), value.storage.base, value.count)
        if x.count == 2, let grid = OperandGrid(x[0].shape, x[1].shape, to: value.shape),
           let loops = reverseGridLoops(operation, x, grid: grid, output: output, g: g, into: (first, second)) {
            return loops
        }
        if case .sum = operation, n == 1 {
            guard let first else { return [] }
            return [ProgramInstruction(.spread, count: x[0].count, y: first, g)]
        }
        if case let .sum(inputShape) = operation, n > 1, x[0].count > n, Shape.isLeadingBlock(value.shape, of: inputShape) {
            // A sum over trailing axes (kept as 1s): each row's gradient
            // spread over it (the eager rule's broadcast and addition, in
            // one pass).
            guard let first else { return [] }
            return [ProgramInstruction(.spreadRows(length: x[0].count / n, adding: true), count: x[0].count, y: first, g)]
        }
        guard x.allSatisfy({ $0.count == n || $0.count == 1 }) else { return nil }
        @inline(__always) func wide(_ index: Int) -> Bool { x[index].count == n }
        @inline(__always) func operand(_ index: Int) -> UnsafePointer<Scalar> { UnsafePointer(x[index].storage.base) }
        /// Adds `part` (n scalars) into `target`, summed to the target's size.
        func accumulate(_ part: UnsafePointer<Scalar>, into target: UnsafeMutablePointer<Scalar>?, wide: Bool, negated: Bool = false)
            -> [ProgramInstruction<Scalar>] {
            guard let target else { return [] }
            return [ProgramInstruction(.accumulate(wide: wide, negated: negated), count: n, y: target, part)]
        }
        if let function = operation.elementwiseFunction {
            guard let first else { return [] }
            let saved = DerivativeRules.savesResult(function) ? UnsafePointer(output) : operand(0)
            return [ProgramInstruction(.rule(function, adding: true), count: n, y: first, g, saved)]
        }
        switch operation {
        case .add, .subtract:
            return accumulate(g, into: first, wide: wide(0))
                + accumulate(g, into: second, wide: wide(1), negated: { if case .subtract = operation { true } else { false } }())
        case .shift, .reshape, .broadcast:
            return accumulate(g, into: first, wide: wide(0))
        case let .scale(factor):
            guard let first else { return [] }
            return [ProgramInstruction(.accumulateScaled(factor), count: n, y: first, g)]
        case .multiply:
            // Each side: g times the other operand, summed to the side's shape
            // (added in directly for a side of the output's size).
            var loops: [ProgramInstruction<Scalar>] = []
            for (side, target) in [(0, first), (1, second)] {
                guard let target else { continue }
                let other = 1 - side
                if wide(side) {
                    loops.append(ProgramInstruction(.accumulateProduct(wideB: wide(other)), count: n, y: target, g, operand(other)))
                } else {
                    let scratch = scratch(count: n)
                    loops.append(ProgramInstruction(.product(wideB: wide(other)), count: n, y: scratch, g, operand(other)))
                    loops += accumulate(scratch, into: target, wide: false)
                }
            }
            return loops
        case .divide:
            // d(a/b)/da = 1/b; d(a/b)/db = −(a/b)/b, each summed to its side's shape.
            if second == nil, let first, wide(0) {
                return [ProgramInstruction(.accumulateQuotient(wideB: wide(1)), count: n, y: first, g, operand(1))]
            }
            let quotients = scratch(count: n)
            var loops = [ProgramInstruction(.quotient(wideB: wide(1)), count: n, y: quotients, g, operand(1))]
            loops += accumulate(quotients, into: first, wide: wide(0))
            if let second {
                if wide(1) {
                    loops.append(ProgramInstruction(.accumulateNegatedProduct, count: n, y: second, quotients, output))
                } else {
                    let products = scratch(count: n)
                    loops.append(ProgramInstruction(.negatedProduct, count: n, y: products, quotients, output))
                    loops += accumulate(products, into: second, wide: false)
                }
            }
            return loops
        case .select where x.count == 3:
            // Each side: g where the condition picks it, 0 elsewhere, summed to the side's shape.
            var loops: [ProgramInstruction<Scalar>] = []
            for (side, target) in [(0, first), (1, second)] {
                guard let target else { continue }
                let (kept, wideCondition) = (side == 0, wide(2))
                if wide(side) {
                    loops.append(ProgramInstruction(
                        .accumulateMasked(kept: kept, wideCondition: wideCondition), count: n, y: target, g, nil, operand(2)))
                } else {
                    let scratch = scratch(count: n)
                    loops.append(ProgramInstruction(.masked(kept: kept, wideCondition: wideCondition), count: n, y: scratch, g, nil, operand(2)))
                    loops += accumulate(scratch, into: target, wide: false)
                }
            }
            return loops
        case let .knownDerivatives(_, inputShapes):
            // Each input's part is g times its partial (operands after the
            // inputs and the value; one scalar or the output's size), added
            // in; an input of another size than the output needs a sum,
            // left to the eager rule.
            var loops: [ProgramInstruction<Scalar>] = []
            for (input, target) in targets.prefix(inputShapes.count).enumerated() {
                guard let target else { continue }
                guard wide(input) else { return nil }
                let partial = inputShapes.count + 1 + input
                loops.append(ProgramInstruction(.accumulateProduct(wideB: wide(partial)), count: n, y: target.base, g, operand(partial)))
            }
            return loops
        default:
            return nil
        }
    }

    /// The input gradients of arithmetic over broadcast rows or columns
    /// (``OperandGrid``): each side's part over the whole output, as the
    /// eager rule forms it, then summed to the side's place in the grid.
    private func reverseGridLoops(
        _ operation: Operation<Scalar>, _ x: [Tensor<Scalar>], grid: OperandGrid, output: UnsafeMutablePointer<Scalar>,
        g: UnsafePointer<Scalar>, into targets: (UnsafeMutablePointer<Scalar>?, UnsafeMutablePointer<Scalar>?)
    ) -> [ProgramInstruction<Scalar>]? {
        let n = grid.rows * grid.columns
        let sides = [(targets.0, grid, 1), (targets.1, OperandGrid(swapping: grid), 0)]
        /// Adds `part` into each side's target (`negatedSecond`: minus into the second).
        func reduce(_ part: (Int) -> UnsafePointer<Scalar>, negatedSecond: Bool = false) -> [ProgramInstruction<Scalar>] {
            sides.enumerated().compactMap { side, entry in
                entry.0.map { target in
                    ProgramInstruction(.accumulateReduced(grid: index(of: entry.1), negated: negatedSecond && side == 1),
                                       count: n, y: target, part(side))
                }
            }
        }
        switch operation {
        case .add:
            return reduce { _ in g }
        case .subtract:
            return reduce({ _ in g }, negatedSecond: true)
        case .multiply:
            // Each side: g times the other operand, summed to the side's place.
            var loops: [ProgramInstruction<Scalar>] = []
            for (target, sideGrid, other) in sides {
                guard let target else { continue }
                let scratch = scratch(count: n)
                loops.append(ProgramInstruction(
                    .combineGrid(.multiply, grid: index(of: OperandGrid(gradientWith: sideGrid))), count: n, y: scratch, g,
                    x[other].storage.base))
                loops.append(ProgramInstruction(.accumulateReduced(grid: index(of: sideGrid), negated: false), count: n, y: target, scratch))
            }
            return loops
        case .divide:
            // d(a/b)/da = 1/b; d(a/b)/db = −(a/b)/b, each summed to its side's place.
            let quotients = scratch(count: n)
            var loops = [ProgramInstruction(
                .combineGrid(.divide, grid: index(of: OperandGrid(gradientWith: grid))), count: n, y: quotients, g, x[1].storage.base)]
            var products = quotients
            if targets.1 != nil {
                products = scratch(count: n)
                loops.append(ProgramInstruction(.negatedProduct, count: n, y: products, quotients, output))
            }
            return loops + reduce { $0 == 0 ? UnsafePointer(quotients) : UnsafePointer(products) }
        default:
            return nil
        }
    }

    /// A working buffer of `count` scalars, freed with the program.
    private func scratch(count: Int) -> UnsafeMutablePointer<Scalar> {
        let buffer = UnsafeMutablePointer<Scalar>.allocate(capacity: count)
        buffer.initialize(repeating: 0, count: count)
        scratches.append(buffer)
        return buffer
    }

    /// How the remaining operations' input gradients are computed each run.
    enum ReverseRule {
        /// The eager rule of the operation the closure rebuilds over the buffers.
        case tape(() -> Operation<Scalar>)
        /// A rule of the first input only.
        case custom((Tensor<Scalar>) -> Tensor<Scalar>)
    }

    /// The tape's record of the operation, its saved values replaced by
    /// views of the buffers that hold them on every run.
    func rebuiltOperation(
        _ kind: CapturedOperation<Scalar>, _ x: [Tensor<Scalar>], output: Tensor<Scalar>
    ) throws -> ReverseRule {
        switch kind {
        case .compare, .finiteIndicator, .kernel:
            throw CaptureRefusal(reason: "a gradient reached a mask")
        case let .gatherDrawn(draw, inputShape, axis, elementwise):
            let state = self.state
            return .custom { g in
                Kernels.scatterAdd(g, inputShape: inputShape, axis: axis, indices: state.indices[draw], elementwise: elementwise)
            }
        case let .primitive(operation):
            let rebuilt: Operation<Scalar>
            switch operation {
            case .multiply: rebuilt = .multiply(lhs: x[0], rhs: x[1])
            case let .divide(_, _, lhsShape): rebuilt = .divide(rhs: x[1], result: output, lhsShape: lhsShape)
            case let .pow(_, exponent, _): rebuilt = .pow(base: x[0], exponent: x.count > 1 ? x[1] : exponent, result: output)
            case .minimum: rebuilt = .minimum(lhs: x[0], rhs: x[1])
            case .maximum: rebuilt = .maximum(lhs: x[0], rhs: x[1])
            case .exp: rebuilt = .exp(result: output)
            case .expm1: rebuilt = .expm1(result: output)
            case .sqrt: rebuilt = .sqrt(result: output)
            case .tan: rebuilt = .tan(result: output)
            case .tanh: rebuilt = .tanh(result: output)
            case .sigmoid: rebuilt = .sigmoid(result: output)
            case .erfinv: rebuilt = .erfinv(result: output)
            case .log: rebuilt = .log(x: x[0])
            case .log1p: rebuilt = .log1p(x: x[0])
            case .abs: rebuilt = .abs(x: x[0])
            case .sin: rebuilt = .sin(x: x[0])
            case .cos: rebuilt = .cos(x: x[0])
            case .atan: rebuilt = .atan(x: x[0])
            case .logSigmoid: rebuilt = .logSigmoid(x: x[0])
            case .softplus: rebuilt = .softplus(x: x[0])
            case .relu: rebuilt = .relu(x: x[0])
            case .logGamma: rebuilt = .logGamma(x: x[0])
            case .digamma: rebuilt = .digamma(x: x[0])
            case .trigamma: rebuilt = .trigamma(x: x[0])
            case .erf: rebuilt = .erf(x: x[0])
            case .erfc: rebuilt = .erfc(x: x[0])
            case .log1mexp: rebuilt = .log1mexp(x: x[0])
            case let .clamp(_, lower, upper): rebuilt = .clamp(x: x[0], lower: lower, upper: upper)
            case let .select(_, aShape, bShape):
                let (condition, shape) = (x[2], output.shape)
                return .tape { .select(condition: Scalar.broadcast(condition, to: shape), aShape: aShape, bShape: bShape) }
            case .max: rebuilt = .max(x: x[0], result: output)
            case .logSumExp: rebuilt = .logSumExp(x: x[0], result: output)
            case let .softmax(_, axis): rebuilt = .softmax(result: output, axis: axis)
            case let .logSoftmax(_, axis): rebuilt = .logSoftmax(result: output, axis: axis)
            case .matmul: rebuilt = .matmul(lhs: x[0], rhs: x[1])
            case let .affine(_, _, biasShape): rebuilt = .affine(lhs: x[0], rhs: x[1], biasShape: biasShape)
            case let .knownDerivatives(_, inputShapes):
                rebuilt = .knownDerivatives(partials: Array(x[(inputShapes.count + 1)...]), inputShapes: inputShapes)
            case .cholesky: rebuilt = .cholesky(factor: output)
            case let .triangularSolve(_, _, transposed): rebuilt = .triangularSolve(matrix: x[0], solution: output, transposed: transposed)
            case .leaf:
                throw CaptureRefusal(reason: "\(kind.name) is not compiled")
            case .add, .subtract, .scale, .shift, .negate, .sum, .broadcast, .reshape, .permute, .concat, .slice, .gather:
                rebuilt = operation
            }
            return .tape { rebuilt }
        }
    }
}

extension Kernels {
    /// `target += part`, elementwise (the eager walk's accumulation).
    @inlinable
    static func add<S: TensorScalar>(_ part: Tensor<S>, into target: TensorStorage<S>) {
        add(part.storage.base, count: target.count, into: target.base)
    }

    /// `target += part` over `count` scalars.
    @inlinable
    static func add<S: TensorScalar>(_ part: UnsafePointer<S>, count: Int, into target: UnsafeMutablePointer<S>) {
        for i in 0..<count { target[i] += part[i] }
    }

    /// A sum's or difference's gradient `g` (or −g) added into an operand's
    /// gradient: elementwise for an operand of the output's shape, the
    /// lane-wise sum (as ``sum(_:toShape:)`` takes it) for a single scalar.
    @inlinable
    static func addGradient<S: TensorScalar>(
        _ g: UnsafePointer<S>, count n: Int, into target: UnsafeMutablePointer<S>, wide: Bool, negated: Bool = false
    ) {
        if wide {
            if negated { for i in 0..<n { target[i] += -g[i] } } else { for i in 0..<n { target[i] += g[i] } }
        } else {
            let total = n == 1 ? g[0] : sumOfRun(g, count: n)
            target[0] += negated ? -total : total
        }
    }
}
