import RealModule

/// The gradients a rule sends to an operation's inputs (nil where an input
/// needs none; `rest` for inputs beyond the second). A tuple rather than a
/// struct: the compiler moves its parts directly, where a struct of optional
/// tensors would be copied through run-time witnesses.
@usableFromInline
typealias InputGradients<Scalar: TensorScalar> = (first: Tensor<Scalar>?, second: Tensor<Scalar>?, rest: [Tensor<Scalar>?])

/// The table of vector–Jacobian products: for each primitive, the gradient
/// of its inputs given `g`, the gradient of its output. The reverse walk in
/// `Differentiation.swift` knows nothing of the rules, and the rules nothing
/// of the walk. Rules compute with untracked kernels, so a gradient is never
/// itself differentiated.
@usableFromInline
enum DerivativeRules {
    @inlinable
    static func pullback<S>(
        _ operation: consuming Operation<S>, _ g: Tensor<S>, needsFirst: Bool, needsSecond: Bool
    ) -> InputGradients<S> {
        switch consume operation {
        case .leaf:
            return (nil, nil, [])

        // MARK: Arithmetic
        case let .add(lhsShape, rhsShape):
            return gradients(
                needsFirst ? Kernels.sum(g, toShape: lhsShape) : nil,
                needsSecond ? Kernels.sum(g, toShape: rhsShape) : nil)
        case let .subtract(lhsShape, rhsShape):
            return gradients(
                needsFirst ? Kernels.sum(g, toShape: lhsShape) : nil,
                needsSecond ? Kernels.map(Kernels.sum(g, toShape: rhsShape), -) : nil)
        case let .multiply(lhs, rhs):
            return gradients(
                needsFirst ? Kernels.sum(Kernels.zip(g, rhs, shape: g.shape, *), toShape: lhs.shape) : nil,
                needsSecond ? Kernels.sum(Kernels.zip(g, lhs, shape: g.shape, *), toShape: rhs.shape) : nil)
        case let .scale(factor):
            return gradients(Kernels.map(g) { $0 * factor })
        case .shift:
            return gradients(g)
        case let .divide(rhs, result, lhsShape):
            // d(a/b)/da = 1/b; d(a/b)/db = −(a/b)/b.
            let gOverB = Kernels.zip(g, rhs, shape: g.shape, /)
            return gradients(
                needsFirst ? Kernels.sum(gOverB, toShape: lhsShape) : nil,
                needsSecond ? Kernels.sum(Kernels.zip(gOverB, result) { -$0 * $1 }, toShape: rhs.shape) : nil)
        case let .pow(base, exponent, result):
            return powerGradients(g, base: base, exponent: exponent, result: result, needsFirst, needsSecond)
        case let .minimum(lhs, rhs):
            return selectionGradients(g, lhs, rhs, needsFirst, needsSecond) { $0 < $1 }
        case let .maximum(lhs, rhs):
            return selectionGradients(g, lhs, rhs, needsFirst, needsSecond) { $0 > $1 }
        case .negate:
            return gradients(Kernels.map(g, -))

        // MARK: Elementwise functions
        case let .exp(result): return elementwise(.exp, g, result)
        case let .expm1(result): return elementwise(.expm1, g, result)
        case let .log(x): return elementwise(.log, g, x)
        case let .log1p(x): return elementwise(.log1p, g, x)
        case let .sqrt(result): return elementwise(.sqrt, g, result)
        case let .abs(x): return elementwise(.abs, g, x)
        case let .sin(x): return elementwise(.sin, g, x)
        case let .cos(x): return elementwise(.cos, g, x)
        case let .tan(result): return elementwise(.tan, g, result)
        case let .atan(x): return elementwise(.atan, g, x)
        case let .tanh(result): return elementwise(.tanh, g, result)
        case let .sigmoid(result): return elementwise(.sigmoid, g, result)
        case let .logSigmoid(x): return elementwise(.logSigmoid, g, x)
        case let .softplus(x): return elementwise(.softplus, g, x)
        case let .relu(x): return elementwise(.relu, g, x)
        case let .log1mexp(x): return elementwise(.log1mexp, g, x)
        case let .logGamma(x): return elementwise(.logGamma, g, x)
        case let .digamma(x): return elementwise(.digamma, g, x)
        case let .trigamma(x): return elementwise(.trigamma, g, x)
        case let .erf(x): return elementwise(.erf, g, x)
        case let .erfc(x): return elementwise(.erfc, g, x)
        case let .erfinv(result): return elementwise(.erfinv, g, result)
        case let .clamp(x, lower, upper):
            return gradients(Kernels.zip(g, x) { $1 >= lower && $1 <= upper ? $0 : 0 })
        case let .select(condition, aShape, bShape):
            return gradients(
                needsFirst ? Kernels.sum(Kernels.zip(g, condition) { $1 != 0 ? $0 : 0 }, toShape: aShape) : nil,
                needsSecond ? Kernels.sum(Kernels.zip(g, condition) { $1 != 0 ? 0 : $0 }, toShape: bShape) : nil)

        // MARK: Reductions
        case let .sum(inputShape):
            return gradients(Kernels.broadcast(g, to: inputShape))
        case let .broadcast(inputShape):
            return gradients(Kernels.sum(g, toShape: inputShape))
        case let .max(x, result):
            let isPeak = Kernels.zip(x, result, shape: x.shape) { $0 == $1 ? 1 : 0 }
            let ties = Kernels.reduce(isPeak, toShape: result.shape, initial: 0, +)
            let share = Kernels.zip(g, ties, /)
            return gradients(Kernels.zip(isPeak, share, shape: x.shape, *))
        case let .logSumExp(x, result):
            // ∂/∂xᵢ = exp(xᵢ − lse); zero where every term was −∞.
            let weight = Kernels.zip(g, result) { $1 == -.infinity ? 0 : $0 }
            let shift = Kernels.map(result) { $0 == -.infinity ? 0 : $0 }
            let probabilities = Kernels.zip(x, shift, shape: x.shape) { S.exp($0 - $1) }
            return gradients(Kernels.zip(probabilities, weight, shape: x.shape, *))
        case let .softmax(result, axis):
            let inner = Kernels.sum(Kernels.zip(g, result, *), toShape: keptShape(result.shape, axis))
            return gradients(Kernels.zip3(g, result, Kernels.broadcast(inner, to: g.shape)) { $1 * ($0 - $2) })
        case let .logSoftmax(result, axis):
            let total = Kernels.sum(g, toShape: keptShape(result.shape, axis))
            return gradients(Kernels.zip3(g, result, Kernels.broadcast(total, to: g.shape)) { $0 - S.exp($1) * $2 })

        // MARK: Linear algebra
        case let .matmul(lhs, rhs):
            return matmulGradients(g, lhs, rhs, needsFirst, needsSecond)
        case let .affine(lhs, rhs, biasShape):
            var result = matmulGradients(g, lhs, rhs, needsFirst, needsSecond)
            result.rest = [Kernels.sum(g, toShape: biasShape)]
            return result
        case let .cholesky(factor):
            return gradients(choleskyGradient(g, factor))
        case let .triangularSolve(matrix, solution, transposed):
            return triangularSolveGradients(g, matrix, solution, transposed, needsFirst)

        case let .knownDerivatives(partials, inputShapes):
            let parts = zip(partials, inputShapes).map { partial, shape in
                Kernels.sum(Kernels.zip(g, partial, shape: g.shape, *), toShape: shape)
            }
            return (parts.first, parts.count > 1 ? parts[1] : nil, parts.dropFirst(2).map { $0 })

        // MARK: Moving scalars
        case let .reshape(inputShape):
            return gradients(Tensor(shape: inputShape, storage: g.storage))
        case let .permute(axes):
            return gradients(Kernels.permute(g, Kernels.inverse(of: axes)))
        case let .concat(sizes, axis):
            var start = 0
            let parts = sizes.map { size in
                defer { start += size }
                return Kernels.slice(g, axis: axis, range: start..<(start + size))
            }
            return (parts[0], parts.count > 1 ? parts[1] : nil, parts.dropFirst(2).map { $0 })
        case let .slice(inputShape, axis, start):
            return gradients(Kernels.pad(g, inputShape: inputShape, axis: axis, start: start))
        case let .gather(inputShape, axis, indices, elementwise):
            return gradients(
                Kernels.scatterAdd(g, inputShape: inputShape, axis: axis, indices: indices, elementwise: elementwise))
        }
    }

    /// The gradients of an operation with at most two inputs.
    @inlinable @inline(__always)
    static func gradients<S>(_ first: consuming Tensor<S>?, _ second: consuming Tensor<S>? = nil) -> InputGradients<S> {
        (first, second, [])
    }

    @inlinable
    static func keptShape(_ shape: [Int], _ axis: Int) -> [Int] {
        var kept = shape
        kept[axis] = 1
        return kept
    }
}
