// The forward half of a compiled program: the instructions writing each
// captured operation's value into its slot's buffer. The elementwise
// operations, whole sums, broadcasts and selects are loops of the
// interpreter; the rest call the eager kernels on views of the buffers and
// copy the result. Either way the arithmetic is the eager path's, so the
// values are its bits.

extension CompiledProgram {
    /// Appends the forward instruction of `instruction`.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    func appendForward(_ instruction: CapturedInstruction<Scalar>) throws {
        let inputs = instruction.operands.map(operand)
        if case let .kernel(kernel, outputs) = instruction.kind {
            let (sources, targets, count) = (inputs.map { UnsafePointer($0.storage.base) }, outputs.map { values[$0]!.base }, inputs[0].count)
            let state = self.state
            appendCall(to: &forward) {
                do { try kernel(sources, targets, count) } catch { state.failed = true }
            }
            return
        }
        let out = values[instruction.output]!
        if case let .primitive(operation) = instruction.kind, let product = forwardProduct(operation, inputs, into: out.base) {
            appendProductCall(product, reading: inputs.map(\.storage.base), writing: out.base,
                              small: productRunsOnOneThread(operation, inputs))
            return
        }
        lastSmallProduct = nil
        if let loop = forwardLoop(instruction.kind, inputs, into: out, shape: shapes[instruction.output]) {
            forward.append(loop)
            return
        }
        let compute = try forwardKernel(instruction.kind, inputs, shape: shapes[instruction.output])
        let (base, count, state) = (out.base, out.count, state)
        appendCall(to: &forward) {
            guard let value = try? compute() else {
                state.failed = true
                return
            }
            withExtendedLifetime(value) { base.update(from: value.storage.base, count: count) }
        }
    }

    /// The index of `grid` among the program's grids, added if new.
    func index(of grid: OperandGrid) -> Int {
        if let index = grids.firstIndex(of: grid) { return index }
        grids.append(grid)
        return grids.count - 1
    }

    /// Appends the call of a forward product. A product too small to split
    /// (`small`) right after another such, whose output it does not read,
    /// joins that one's call instead: the two run side by side, one a
    /// core (an encoder's location and scale heads), each by the calls it
    /// makes alone, so with the same bits.
    private func appendProductCall(
        _ body: @escaping () -> Void, reading operands: [UnsafeMutablePointer<Scalar>], writing output: UnsafeMutablePointer<Scalar>,
        small: Bool
    ) {
        if small, let last = lastSmallProduct, case let .call(index) = forward.last?.code, index == last.call,
           !operands.contains(last.output) {
            let first = calls[index]
            calls[index] = { ParallelChunks.run(chunks: 2) { $0 == 0 ? first() : body() } }
            lastSmallProduct = nil
            return
        }
        appendCall(to: &forward, body)
        lastSmallProduct = small ? (calls.count - 1, output) : nil
    }

    /// Appends a call of `body` to `instructions`.
    func appendCall(to instructions: inout [ProgramInstruction<Scalar>], _ body: @escaping () -> Void) {
        instructions.append(.call(calls.count, unused: unusedAddress))
        calls.append(body)
    }

    /// The operations whose value is one loop of the interpreter: every
    /// operand either of the output's size or a single scalar.
    func forwardLoop(
        _ kind: CapturedOperation<Scalar>, _ x: [Tensor<Scalar>], into out: TensorStorage<Scalar>, shape: [Int]
    ) -> ProgramInstruction<Scalar>? {
        let (y, n) = (out.base, out.count)
        if case let .primitive(operation) = kind, let combination = operation.elementwiseOperation, x.count == 2,
           let grid = OperandGrid(x[0].shape, x[1].shape, to: shape) {
            return ProgramInstruction(.combineGrid(combination, grid: index(of: grid)), count: n, y: y, x[0].storage.base, x[1].storage.base)
        }
        guard x.allSatisfy({ $0.count == n || $0.count == 1 }) || x.count == 1 else { return nil }
        let a = UnsafePointer(x[0].storage.base)
        @inline(__always) func wide(_ index: Int) -> Bool { x[index].count == n }
        let operation: Operation<Scalar>
        switch kind {
        case let .compare(test) where x.count == 2:
            return ProgramInstruction(.combine(test, wideA: wide(0), wideB: wide(1)), count: n, y: y, a, x[1].storage.base)
        case .finiteIndicator where wide(0):
            return ProgramInstruction(.apply(.finiteIndicator), count: n, y: y, a)
        case let .primitive(primitive):
            operation = primitive
        default:
            return nil
        }
        if let function = operation.elementwiseFunction, wide(0) {
            return ProgramInstruction(.apply(function), count: n, y: y, a)
        }
        if let combination = operation.elementwiseOperation, x.count == 2 {
            return ProgramInstruction(.combine(combination, wideA: wide(0), wideB: wide(1)), count: n, y: y, a, x[1].storage.base)
        }
        switch operation {
        case let .scale(factor) where wide(0):
            return ProgramInstruction(.scale(factor), count: n, y: y, a)
        case let .shift(constant) where wide(0):
            return ProgramInstruction(.shift(constant), count: n, y: y, a)
        case .sum where n == 1:
            return ProgramInstruction(.total, count: x[0].count, y: y, a)
        case .reshape where wide(0), .broadcast where wide(0) || x[0].count == 1:
            return ProgramInstruction(.copy(wide: wide(0)), count: n, y: y, a)
        case .select where x.count == 3:
            return ProgramInstruction(
                .select(wideCondition: wide(2), wideA: wide(0), wideB: wide(1)), count: n, y: y, a,
                x[1].storage.base, x[2].storage.base)
        default:
            return nil
        }
    }

    /// The eager kernel computing the value, on views of the buffers (it
    /// throws where the eager operation would: a matrix not positive definite).
    func forwardKernel(
        _ kind: CapturedOperation<Scalar>, _ x: [Tensor<Scalar>], shape: [Int]
    ) throws -> () throws -> Tensor<Scalar> {
        switch kind {
        case let .compare(test):
            return { Scalar.combine(x[0], test, x[1], shape: shape) }
        case .finiteIndicator:
            return { Scalar.apply(.finiteIndicator, to: x[0]) }
        case .kernel:
            throw CaptureRefusal(reason: "an elementwise kernel reached the generic path")
        case let .gatherDrawn(draw, _, axis, elementwise):
            let state = self.state
            return { Kernels.gather(x[0], axis: axis, indices: state.indices[draw], elementwise: elementwise) }
        case let .primitive(operation):
            return try forwardKernel(operation, x, shape: shape)
        }
    }

    func forwardKernel(_ operation: Operation<Scalar>, _ x: [Tensor<Scalar>], shape: [Int]) throws -> () throws -> Tensor<Scalar> {
        if let function = operation.elementwiseFunction { return { Scalar.apply(function, to: x[0]) } }
        if let combination = operation.elementwiseOperation, x.count == 2 {
            return { Scalar.combine(x[0], combination, x[1], shape: shape) }
        }
        switch operation {
        case let .pow(_, exponent, _):
            let p = exponent.storage.base[0]
            return { Scalar.combine(x[0], .pow, p) }
        case let .scale(factor):
            return { Scalar.combine(x[0], .multiply, factor) }
        case let .shift(constant):
            return { Scalar.combine(x[0], .add, constant) }
        case let .clamp(_, lower, upper):
            return { Scalar.clamp(x[0], to: lower, upper) }
        case .select:
            return {
                Scalar.choose(where: Scalar.broadcast(x[2], to: shape), Scalar.broadcast(x[0], to: shape),
                              Scalar.broadcast(x[1], to: shape))
            }
        case .sum:
            return { Scalar.reduce(x[0], by: .sum, toShape: shape) }
        case .broadcast:
            return { Scalar.broadcast(x[0], to: shape) }
        case .max:
            return { Scalar.reduce(x[0], by: .maximum, toShape: shape) }
        case .logSumExp:
            return { Scalar.reduce(x[0], by: .logSumExp, toShape: shape) }
        case let .softmax(_, axis):
            return { Scalar.apply(.exp, to: Kernels.logSoftmax(x[0], axis: axis)) }
        case let .logSoftmax(_, axis):
            return { Kernels.logSoftmax(x[0], axis: axis) }
        case .matmul:
            return { Kernels.matmul(x[0], x[1]) }
        case .affine:
            return { Kernels.affine(x[0], x[1], bias: x[2]) }
        case .cholesky:
            return { try Kernels.cholesky(x[0]) }
        case let .triangularSolve(_, _, transposed):
            return { Kernels.lowerTriangularSolve(x[0], x[1], transposed: transposed) }
        case let .knownDerivatives(_, inputShapes):
            let value = x[inputShapes.count]
            return { value }
        case .reshape:
            return { Tensor(shape: shape, storage: x[0].storage) }
        case let .permute(axes):
            return { Kernels.permute(x[0], axes) }
        case let .concat(_, axis):
            return { Kernels.concatenate(x, axis: axis) }
        case let .slice(_, axis, start):
            return { Kernels.slice(x[0], axis: axis, range: start..<(start + shape[axis])) }
        case let .gather(_, axis, indices, elementwise):
            return { Kernels.gather(x[0], axis: axis, indices: indices, elementwise: elementwise) }
        case .leaf, .add, .subtract, .multiply, .divide, .minimum, .maximum, .negate,
             .exp, .expm1, .log, .log1p, .sqrt, .abs, .sin, .cos, .tan, .atan, .tanh, .sigmoid, .logSigmoid,
             .softplus, .relu, .logGamma, .digamma, .trigamma, .erf, .erfc, .erfinv, .log1mexp:
            throw CaptureRefusal(reason: "\(CapturedOperation.primitive(operation).name) is not compiled")
        }
    }
}

extension Operation {
    /// The named function this operation applies to every scalar, if it is one.
    var elementwiseFunction: ElementwiseFunction? {
        switch self {
        case .negate: return .negate
        case .exp: return .exp
        case .expm1: return .expm1
        case .log: return .log
        case .log1p: return .log1p
        case .sqrt: return .sqrt
        case .abs: return .abs
        case .sin: return .sin
        case .cos: return .cos
        case .tan: return .tan
        case .atan: return .atan
        case .tanh: return .tanh
        case .sigmoid: return .sigmoid
        case .logSigmoid: return .logSigmoid
        case .softplus: return .softplus
        case .relu: return .relu
        case .logGamma: return .logGamma
        case .digamma: return .digamma
        case .trigamma: return .trigamma
        case .erf: return .erf
        case .erfc: return .erfc
        case .erfinv: return .erfinv
        case .log1mexp: return .log1mexp
        default: return nil
        }
    }

    /// The named operation on pairs of scalars this operation is, if it is one.
    var elementwiseOperation: ElementwiseOperation? {
        switch self {
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .divide: return .divide
        case .pow: return .pow
        case .minimum: return .minimum
        case .maximum: return .maximum
        default: return nil
        }
    }
}
