import LatentCore

/// Bijectors applied in order: y = fₖ(…f₂(f₁(x))). log |J| is the sum of
/// the parts' log-determinants, each summed over the axes it leaves as
/// event axes of the composition.
public struct ComposedBijector<Scalar: TensorScalar>: Bijector {
    /// The bijectors in the order they are applied, f₁ first.
    public let parts: [any Bijector<Scalar>]

    /// Creates the composition fₖ ∘ … ∘ f₁ of `parts`, applied first to last.
    public init(_ parts: [any Bijector<Scalar>]) {
        self.parts = parts
    }

    /// The largest event rank among the parts (0 for no parts).
    public var eventRank: Int { parts.map(\.eventRank).max() ?? 0 }
    /// The codomain of the last part (the real line for no parts).
    public var codomain: Constraint<Scalar> { parts.last?.codomain ?? .real }

    /// fₖ(…f₁(x)), each part applied to the output of the one before.
    public func forward(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try parts.reduce(x) { try $1.forward($0) }
    }

    /// f₁⁻¹(…fₖ⁻¹(y)), the parts inverted last to first.
    public func inverse(_ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        try parts.reversed().reduce(y) { try $1.inverse($0) }
    }

    /// The sum of the parts' log-determinants along the forward pass from x,
    /// each summed over its extra event axes; zeros for no parts.
    public func logAbsDetJacobian(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) throws -> Tensor<Scalar> {
        var total: Tensor<Scalar>?
        var input = x
        for part in parts {
            let output = try part.forward(input)
            var term = try part.logAbsDetJacobian(input, output)
            let extra = eventRank - part.eventRank
            if extra > 0 { term = try term.sum(alongAxes: Array((term.rank - extra)..<term.rank)) }
            total = try total.map { try $0 + term } ?? term
            input = output
        }
        return try total ?? Tensor.zeros(Array(x.shape.dropLast(eventRank)))
    }

    /// The shape after every part's forward shape change, in order.
    public func forwardShape(_ shape: [Int]) -> [Int] { parts.reduce(shape) { $1.forwardShape($0) } }
    /// The shape after every part's inverse shape change, last part first.
    public func inverseShape(_ shape: [Int]) -> [Int] { parts.reversed().reduce(shape) { $1.inverseShape($0) } }
}
