import LatentCore

/// A smooth invertible map y = f(x) between a constraint's unconstrained
/// parameterisation and the constrained set, with log |det ∂f/∂x|: what an
/// autoguide uses to place a Gaussian on unconstrained space.
///
/// `eventRank` says how many trailing axes one application spans (0 for
/// elementwise maps, 1 for stick-breaking); the log-determinant has the
/// shape of x without those axes.
public protocol Bijector<Scalar>: Sendable {
    /// The scalar type of the tensors the map acts on.
    associatedtype Scalar: TensorScalar

    /// The number of trailing axes one application spans: 0 for an elementwise
    /// map, 1 for vectors, 2 for matrices.
    var eventRank: Int { get }
    /// The set y lands in.
    var codomain: Constraint<Scalar> { get }

    /// y = f(x).
    func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar>
    /// x = f⁻¹(y).
    func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar>
    /// log |det ∂y/∂x| at x, given y = f(x).
    func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar>
    /// The shape of f(x) for x of `shape` (stick-breaking adds one entry).
    func forwardShape(_ shape: [Int]) -> [Int]
    /// The shape of f⁻¹(y) for y of `shape`.
    func inverseShape(_ shape: [Int]) -> [Int]
}

extension Bijector {
    /// The shape of f(x): `shape` unchanged, the default for bijectors that
    /// keep the shape.
    public func forwardShape(_ shape: [Int]) -> [Int] { shape }
    /// The shape of f⁻¹(y): `shape` unchanged, the default for bijectors that
    /// keep the shape.
    public func inverseShape(_ shape: [Int]) -> [Int] { shape }
}

/// Running sums along the last axis, as the product with an upper-triangular
/// matrix of ones: exact, differentiable, and cheap for the small event
/// sizes bijectors act on.
func cumulativeSum<S>(_ x: Tensor<S>) throws -> Tensor<S> {
    let n = x.shape.last ?? 0
    let ones = (0..<n).flatMap { i in (0..<n).map { j in S(i <= j ? 1 : 0) } }
    return try matmul(x, Tensor(shape: [n, n], scalars: ones))
}
