import RealModule

// Special functions elementwise. GSL evaluates them in Double; Float tensors
// convert each scalar there and back.

/// log|Γ(x)| elementwise (+∞ at the poles 0, −1, −2, …).
@inlinable
public func logGamma<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.logGamma, to: x).recorded(.logGamma(x: x.detached), inputs: x)
}

/// The digamma function ψ(x) elementwise (NaN at the poles).
@inlinable
public func digamma<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.digamma, to: x).recorded(.digamma(x: x.detached), inputs: x)
}

/// The trigamma function ψ₁(x) elementwise (+∞ at the poles); its
/// derivative is ψ₂, which GSL evaluates for x > 0 only (NaN elsewhere).
@inlinable
public func trigamma<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.trigamma, to: x).recorded(.trigamma(x: x.detached), inputs: x)
}

/// The error function elementwise.
@inlinable
public func erf<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.erf, to: x).recorded(.erf(x: x.detached), inputs: x)
}

/// The complementary error function 1 − erf(x) elementwise.
@inlinable
public func erfc<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.erfc, to: x).recorded(.erfc(x: x.detached), inputs: x)
}

/// The inverse error function elementwise: ±∞ at ±1, NaN outside [−1, 1]
/// (IEEE's invalid result; use ``SpecialFunctions/erfinv(_:)`` for a
/// thrown error instead).
@inlinable
public func erfinv<S>(_ x: Tensor<S>) -> Tensor<S> {
    let result = S.apply(.erfinv, to: x)
    return result.recorded(.erfinv(result: result), inputs: x)
}
