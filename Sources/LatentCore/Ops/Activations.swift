// Elementwise functions from machine learning, computed with the stable
// scalar formulas of `StableFunctions.swift`.

/// The logistic function σ(x) = 1/(1 + e⁻ˣ) elementwise.
@inlinable
public func sigmoid<S>(_ x: Tensor<S>) -> Tensor<S> {
    let result = S.apply(.sigmoid, to: x)
    return result.recorded(.sigmoid(result: result), inputs: x)
}

/// log σ(x) elementwise, finite for every finite x.
@inlinable
public func logSigmoid<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.logSigmoid, to: x).recorded(.logSigmoid(x: x.detached), inputs: x)
}

/// softplus(x) = log(1 + eˣ) elementwise, without overflow.
@inlinable
public func softplus<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.softplus, to: x).recorded(.softplus(x: x.detached), inputs: x)
}

/// max(x, 0) elementwise (NaN stays NaN); its derivative at 0 is taken as 0.
@inlinable
public func relu<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.relu, to: x).recorded(.relu(x: x.detached), inputs: x)
}

/// log(1 − eˣ) elementwise for x ≤ 0, stable near 0 and far below it.
@inlinable
public func log1mexp<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.log1mexp, to: x).recorded(.log1mexp(x: x.detached), inputs: x)
}
