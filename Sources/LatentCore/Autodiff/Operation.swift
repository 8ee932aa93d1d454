/// The primitive operations, each with the values its derivative rule reads.
///
/// Saved tensors are untracked copies (sharing storage) so that the tape
/// never holds a reference to itself. The rules live in
/// ``DerivativeRules``; every composite operation is built from these.
@usableFromInline
enum Operation<Scalar: TensorScalar> {
    /// A tensor being differentiated with respect to.
    case leaf

    // Arithmetic (operands broadcast to the result).
    case add(lhsShape: [Int], rhsShape: [Int])
    case subtract(lhsShape: [Int], rhsShape: [Int])
    case multiply(lhs: Tensor<Scalar>, rhs: Tensor<Scalar>)
    /// Multiplication by a constant.
    case scale(factor: Scalar)
    /// Addition of a constant.
    case shift(by: Scalar)
    case divide(rhs: Tensor<Scalar>, result: Tensor<Scalar>, lhsShape: [Int])
    case pow(base: Tensor<Scalar>, exponent: Tensor<Scalar>, result: Tensor<Scalar>)
    case minimum(lhs: Tensor<Scalar>, rhs: Tensor<Scalar>)
    case maximum(lhs: Tensor<Scalar>, rhs: Tensor<Scalar>)
    case negate

    // Elementwise functions of one tensor.
    case exp(result: Tensor<Scalar>)
    case expm1(result: Tensor<Scalar>)
    case log(x: Tensor<Scalar>)
    case log1p(x: Tensor<Scalar>)
    case sqrt(result: Tensor<Scalar>)
    case abs(x: Tensor<Scalar>)
    case sin(x: Tensor<Scalar>)
    case cos(x: Tensor<Scalar>)
    case tan(result: Tensor<Scalar>)
    case atan(x: Tensor<Scalar>)
    case tanh(result: Tensor<Scalar>)
    case sigmoid(result: Tensor<Scalar>)
    case logSigmoid(x: Tensor<Scalar>)
    case softplus(x: Tensor<Scalar>)
    case relu(x: Tensor<Scalar>)
    case logGamma(x: Tensor<Scalar>)
    case digamma(x: Tensor<Scalar>)
    case trigamma(x: Tensor<Scalar>)
    case erf(x: Tensor<Scalar>)
    case erfc(x: Tensor<Scalar>)
    case erfinv(result: Tensor<Scalar>)
    case log1mexp(x: Tensor<Scalar>)
    case clamp(x: Tensor<Scalar>, lower: Scalar, upper: Scalar)
    /// `condition ≠ 0 ? a : b`, all broadcast to the result.
    case select(condition: Tensor<Scalar>, aShape: [Int], bShape: [Int])

    // Reductions and their relatives (results kept with reduced axes of size 1).
    case sum(inputShape: [Int])
    case broadcast(inputShape: [Int])
    case max(x: Tensor<Scalar>, result: Tensor<Scalar>)
    case logSumExp(x: Tensor<Scalar>, result: Tensor<Scalar>)
    case softmax(result: Tensor<Scalar>, axis: Int)
    case logSoftmax(result: Tensor<Scalar>, axis: Int)

    // Linear algebra.
    case matmul(lhs: Tensor<Scalar>, rhs: Tensor<Scalar>)
    /// `lhs·rhs + bias` with `bias` a row broadcast over the product's rows
    /// (the third input).
    case affine(lhs: Tensor<Scalar>, rhs: Tensor<Scalar>, biasShape: [Int])
    case cholesky(factor: Tensor<Scalar>)
    case triangularSolve(matrix: Tensor<Scalar>, solution: Tensor<Scalar>, transposed: Bool)

    /// A value computed off the tape whose partial derivatives with respect
    /// to each input (elementwise, in the value's shape) were supplied.
    case knownDerivatives(partials: [Tensor<Scalar>], inputShapes: [[Int]])

    // Moving scalars around.
    case reshape(inputShape: [Int])
    case permute(axes: [Int])
    case concat(sizes: [Int], axis: Int)
    case slice(inputShape: [Int], axis: Int, start: Int)
    /// Picks `indices` along `axis`: whole slices (`elementwise == false`,
    /// index-select), or one scalar per output position (`gather`).
    case gather(inputShape: [Int], axis: Int, indices: [Int], elementwise: Bool)
}
