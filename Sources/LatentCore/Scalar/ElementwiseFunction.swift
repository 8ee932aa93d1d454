/// A function of one scalar that ``TensorScalar/apply(_:to:)`` applies to
/// every scalar of a tensor. Naming the function, instead of passing a
/// closure, lets each scalar type run it in a loop compiled for that type:
/// generic code pays one protocol-witness call per tensor, not one per
/// scalar.
public enum ElementwiseFunction: Sendable, Hashable, CaseIterable {
    /// eˣ.
    case exp
    /// eˣ − 1, accurate for small x.
    case expm1
    /// The natural logarithm (−∞ at 0, NaN below 0).
    case log
    /// log(1 + x), accurate for small x.
    case log1p
    /// √x.
    case sqrt
    /// |x|.
    case abs
    /// −x.
    case negate
    /// sin x (radians).
    case sin
    /// cos x (radians).
    case cos
    /// tan x (radians).
    case tan
    /// arctan x.
    case atan
    /// tanh x.
    case tanh
    /// σ(x) = 1/(1 + e⁻ˣ).
    case sigmoid
    /// log σ(x).
    case logSigmoid
    /// log(1 + eˣ).
    case softplus
    /// max(x, 0), NaN staying NaN.
    case relu
    /// log(1 − eˣ) for x ≤ 0.
    case log1mexp
    /// log|Γ(x)| (GSL, in Double).
    case logGamma
    /// ψ(x) (GSL, in Double).
    case digamma
    /// ψ₁(x) (GSL, in Double).
    case trigamma
    /// The error function.
    case erf
    /// The complementary error function 1 − erf(x).
    case erfc
    /// The inverse error function: ±∞ at ±1, NaN outside [−1, 1].
    case erfinv
    /// 1 where x is finite, 0 where it is ±∞ or NaN.
    case finiteIndicator
}
