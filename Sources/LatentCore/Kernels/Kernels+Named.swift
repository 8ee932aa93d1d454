import RealModule

// The whole-tensor kernels of `TensorScalar`: each named function, operation
// or reduction resolved to its loop once per tensor. `Float` and `Double`
// call these from their conformances, so each case is one loop compiled for
// one type, reached from generic code through one witness call.
extension Kernels {
    /// `function` applied to every scalar of `x`, on all cores for a large
    /// tensor (a hidden layer of thousands of importance draws; each scalar
    /// by the same code whatever the split).
    @inlinable
    static func apply<S: TensorScalar>(_ function: ElementwiseFunction, to x: Tensor<S>) -> Tensor<S> {
        let out = TensorStorage<S>.make(uninitializedCount: x.count)
        let (source, target) = (x.storage.base, out.base)
        ParallelChunks.forEach(count: x.count) { range in
            apply(function, source + range.lowerBound, into: target + range.lowerBound, count: range.count)
        }
        return Tensor(shape: x.shape, storage: out)
    }

    /// `function` applied to `count` scalars from `x` into `y` (a tensor's
    /// new buffer, or a compiled step's). GSL evaluates the gamma family in
    /// Double; Float converts each scalar there and back.
    @inlinable
    static func apply<S: TensorScalar>(
        _ function: ElementwiseFunction, _ x: UnsafePointer<S>, into y: UnsafeMutablePointer<S>, count n: Int
    ) {
        @inline(__always) func map(_ f: (S) -> S) {
            for i in 0..<n { y[i] = f(x[i]) }
        }
        switch function {
        case .exp: map { S.exp($0) }
        case .expm1: map { S.expMinusOne($0) }
        case .log: map { S.log($0) }
        case .log1p: map { S.logOnePlus($0) }
        case .sqrt: map { $0.squareRoot() }
        case .abs: map { Swift.abs($0) }
        case .negate: map(-)
        case .sin: map { S.sin($0) }
        case .cos: map { S.cos($0) }
        case .tan: map { S.tan($0) }
        case .atan: map { S.atan($0) }
        case .tanh: map { S.tanh($0) }
        case .sigmoid: map { S.sigmoid($0) }
        case .logSigmoid: map { S.logSigmoid($0) }
        case .softplus: map { S.softplus($0) }
        case .relu: map { $0 < 0 ? 0 : $0 }
        case .log1mexp: map { S.log1mexp($0) }
        case .logGamma: map { S(SpecialFunctions.logGamma(Double($0))) }
        case .digamma: map { S(SpecialFunctions.digamma(Double($0))) }
        case .trigamma: map { S(SpecialFunctions.trigamma(Double($0))) }
        case .erf: map { S.erf($0) }
        case .erfc: map { S.erfc($0) }
        case .erfinv: map { S((try? SpecialFunctions.erfinv(Double($0))) ?? .nan) }
        case .finiteIndicator: map { $0.isFinite ? 1 : 0 }
        }
    }

    /// `operation` on `count` pairs from `a` and `b` into `y`, each operand
    /// either `wide` (one scalar per output) or a single scalar.
    @inlinable
    static func combine<S: TensorScalar>(
        _ a: UnsafePointer<S>, wide wideA: Bool, _ operation: ElementwiseOperation, _ b: UnsafePointer<S>, wide wideB: Bool,
        into y: UnsafeMutablePointer<S>, count n: Int
    ) {
        withOperation(operation) { (f: (S, S) -> S) in
            switch (wideA, wideB) {
            case (true, true): for i in 0..<n { y[i] = f(a[i], b[i]) }
            case (true, false): let x = b[0]; for i in 0..<n { y[i] = f(a[i], x) }
            case (false, true): let x = a[0]; for i in 0..<n { y[i] = f(x, b[i]) }
            case (false, false): for i in 0..<n { y[i] = f(a[0], b[0]) }
            }
        }
    }

    /// `operation` on matching scalars of `a` and `b`, broadcast to `shape`.
    @inlinable @inline(__always)
    static func combine<S: TensorScalar>(
        _ a: Tensor<S>, _ operation: ElementwiseOperation, _ b: Tensor<S>, shape: [Int]
    ) -> Tensor<S> {
        withOperation(operation) { f in zip(a, b, shape: shape, f) }
    }

    /// `operation` on every scalar of `a` and the scalar `b`.
    @inlinable @inline(__always)
    static func combine<S: TensorScalar>(_ a: Tensor<S>, _ operation: ElementwiseOperation, _ b: S) -> Tensor<S> {
        withOperation(operation) { f in map(a) { f($0, b) } }
    }

    /// `operation` on the scalar `a` and every scalar of `b`.
    @inlinable @inline(__always)
    static func combine<S: TensorScalar>(_ a: S, _ operation: ElementwiseOperation, _ b: Tensor<S>) -> Tensor<S> {
        withOperation(operation) { f in map(b) { f(a, $0) } }
    }

    /// `body` given the scalar function that `operation` names; each case
    /// inlines `body` with its own function, so no loop calls through a
    /// closure or branches on the operation.
    @inlinable @inline(__always)
    static func withOperation<S: TensorScalar, Result>(
        _ operation: ElementwiseOperation, _ body: ((S, S) -> S) -> Result
    ) -> Result {
        switch operation {
        case .add: return body(+)
        case .subtract: return body(-)
        case .multiply: return body(*)
        case .divide: return body(/)
        case .pow: return body { S.pow($0, $1) }
        case .minimum: return body { S.minimumOrNaN($0, $1) }
        case .maximum: return body { S.maximumOrNaN($0, $1) }
        case .isLess: return body { $0 < $1 ? 1 : 0 }
        case .isGreater: return body { $0 > $1 ? 1 : 0 }
        case .isEqual: return body { $0 == $1 ? 1 : 0 }
        }
    }

    /// `x` folded by `reduction` over the axes along which `shape` (padded
    /// with leading ones to `x`'s rank) broadcasts to `x.shape`.
    @inlinable
    static func reduce<S: TensorScalar>(_ x: Tensor<S>, by reduction: Reduction, toShape shape: [Int]) -> Tensor<S> {
        let padded = [Int](repeating: 1, count: Swift.max(x.rank - shape.count, 0)) + shape
        switch reduction {
        case .sum:
            return sum(x, toShape: shape)
        case .maximum:
            let result = reduce(x, toShape: padded, initial: -.infinity) { S.maximumOrNaN($0, $1) }
            return Tensor(shape: shape, storage: result.storage)
        case .logSumExp:
            return Tensor(shape: shape, storage: logSumExp(x, toShape: padded).storage)
        }
    }

    /// Each scalar of `x` limited to `lower...upper`.
    @inlinable
    static func clamp<S: TensorScalar>(_ x: Tensor<S>, to lower: S, _ upper: S) -> Tensor<S> {
        map(x) { Swift.min(Swift.max($0, lower), upper) }
    }

    /// `a` where `condition` is non-zero, `b` elsewhere (one shape).
    @inlinable
    static func choose<S: TensorScalar>(where condition: Tensor<S>, _ a: Tensor<S>, _ b: Tensor<S>) -> Tensor<S> {
        zip3(condition, a, b) { $0 != 0 ? $1 : $2 }
    }

    /// Whether every scalar of `x` is finite. x·0 is 0 for a finite x and
    /// NaN for ±∞ or NaN, so the sum of those products is 0 exactly when
    /// every scalar is finite: a branch-free pass (it runs on every gradient
    /// of every step), a large tensor's split over the cores.
    @inlinable
    static func allFinite<S: TensorScalar>(_ x: Tensor<S>) -> Bool {
        let base = x.storage.base
        return ParallelChunks.allSatisfy(count: x.count) { range in sumOfZeroTimes(base + range.lowerBound, count: range.count) == 0 }
    }

    /// `count` scalars copied from `source` to `target` (not overlapping),
    /// split over the cores in chunks of at least 2¹⁴ scalars (64 KB of
    /// Float, whose copy outlasts handing it to a worker): a compiled
    /// step's inputs (a VAE's 128 × 784 minibatch) are copied in at every
    /// step, where one core alone takes twice as long.
    @inlinable
    static func copy<S: TensorScalar>(_ source: UnsafePointer<S>, count: Int, into target: UnsafeMutablePointer<S>) {
        ParallelChunks.forEach(count: count, minimumChunk: 1 << 14) { range in
            (target + range.lowerBound).update(from: source + range.lowerBound, count: range.count)
        }
    }
}
