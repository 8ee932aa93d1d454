// The reverse half of a compiled program: one closure per operation a
// gradient reaches, adding the operation's input gradients into its tracked
// inputs' gradient buffers, in the eager walk's order. Sums, broadcasts and
// the common elementwise operations run as loops over the buffers; the rest
// rebuild the tape's record of the operation over views of the buffers and
// ask ``DerivativeRules`` (the eager rules, so the eager bits).

extension CompiledProgram {
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func reverseOperation(_ instruction: CapturedInstruction<Scalar>) throws -> () -> Void {
        let inputs = instruction.operands.map(operand)
        let targets = zip(instruction.operands, instruction.tracked).map { operand, tracked -> TensorStorage<Scalar>? in
            guard tracked, case let .slot(slot) = operand else { return nil }
            return gradients[slot]
        }
        let output = view(instruction.output)
        let g = Tensor(shape: output.shape, storage: gradients[instruction.output]!)
        if case let .primitive(operation) = instruction.kind,
           let loop = reverseLoop(operation, inputs, output: output.storage.base, g: g.storage.base, count: g.count, into: targets) {
            return loop
        }
        let rule = try rebuiltOperation(instruction.kind, inputs, output: output)
        let (needsFirst, needsSecond) = (targets[0] != nil, targets.count > 1 && targets[1] != nil)
        return {
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
    }

    /// The input gradients of the operations that are one loop each: sums
    /// to a scalar, arithmetic whose operands are either the output's shape
    /// or one scalar, and reshapes. The loops follow the eager rules
    /// exactly (a scalar operand's gradient is the lane-wise sum that
    /// ``Kernels/sum(_:toShape:)`` takes).
    @inline(__always)
    func reverseLoop(
        _ operation: Operation<Scalar>, _ x: [Tensor<Scalar>], output: UnsafeMutablePointer<Scalar>,
        g: UnsafeMutablePointer<Scalar>, count n: Int,
        into targets: [TensorStorage<Scalar>?]
    ) -> (() -> Void)? {
        let first = targets[0]?.base, second = targets.count > 1 ? targets[1]?.base : nil
        if case .sum = operation, n == 1, let first {
            let count = x[0].count
            return { let total = g[0]; for i in 0..<count { first[i] += total } }
        }
        guard x.allSatisfy({ $0.count == n || $0.count == 1 }) else { return nil }
        if let function = operation.elementwiseFunction, let first {
            let saved = DerivativeRules.savesResult(function) ? output : x[0].storage.base
            return { DerivativeRules.rule(function, g, saved, into: first, count: n, adding: true) }
        }
        switch operation {
        case .add, .subtract:
            let sign: Scalar = if case .subtract = operation { -1 } else { 1 }
            let (wideA, wideB) = (x[0].count == n, x[1].count == n)
            return {
                if let first { Kernels.addGradient(g, count: n, into: first, wide: wideA) }
                if let second { Kernels.addGradient(g, count: n, into: second, wide: wideB, negated: sign < 0) }
            }
        case .shift, .reshape:
            guard let first else { return nil }
            return { for i in 0..<n { first[i] += g[i] } }
        case let .scale(factor):
            guard let first else { return nil }
            return { for i in 0..<n { first[i] += g[i] * factor } }
        case .multiply:
            // Each side: g times the other operand, summed to the side's shape.
            let (a, b, wideA, wideB) = (x[0].storage.base, x[1].storage.base, x[0].count == n, x[1].count == n)
            let scratch = UnsafeMutablePointer<Scalar>.allocate(capacity: n)
            scratches.append(scratch)
            return {
                if let first {
                    if wideB { for i in 0..<n { scratch[i] = g[i] * b[i] } } else { let y = b[0]; for i in 0..<n { scratch[i] = g[i] * y } }
                    Kernels.addGradient(scratch, count: n, into: first, wide: wideA)
                }
                if let second {
                    if wideA { for i in 0..<n { scratch[i] = g[i] * a[i] } } else { let y = a[0]; for i in 0..<n { scratch[i] = g[i] * y } }
                    Kernels.addGradient(scratch, count: n, into: second, wide: wideB)
                }
            }
        case .divide:
            // d(a/b)/da = 1/b; d(a/b)/db = −(a/b)/b, each summed to its side's shape.
            let (b, wideA, wideB) = (x[1].storage.base, x[0].count == n, x[1].count == n)
            let quotients = UnsafeMutablePointer<Scalar>.allocate(capacity: 2 * n)
            scratches.append(quotients)
            let products = quotients + n
            return {
                if wideB { for i in 0..<n { quotients[i] = g[i] / b[i] } } else { let y = b[0]; for i in 0..<n { quotients[i] = g[i] / y } }
                if let first { Kernels.addGradient(quotients, count: n, into: first, wide: wideA) }
                if let second {
                    for i in 0..<n { products[i] = -quotients[i] * output[i] }
                    Kernels.addGradient(products, count: n, into: second, wide: wideB)
                }
            }
        default:
            return nil
        }
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
        let (dst, src) = (target.base, part.storage.base)
        for i in 0..<target.count { dst[i] += src[i] }
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
