// Elementwise functions from machine learning, computed with the stable
// scalar formulas of `StableFunctions.swift`.

/// The logistic function σ(x) = 1/(1 + e⁻ˣ) elementwise.
@inlinable
public func sigmoid<S>(_ x: Tensor<S>) -> Tensor<S> {
    let result = Kernels.map(x) { S.sigmoid($0) }
    return result.recorded(.sigmoid(result: result), inputs: x)
}

/// log σ(x) elementwise, finite for every finite x.
@inlinable
public func logSigmoid<S>(_ x: Tensor<S>) -> Tensor<S> {
    Kernels.map(x) { S.logSigmoid($0) }.recorded(.logSigmoid(x: x.detached), inputs: x)
}

/// softplus(x) = log(1 + eˣ) elementwise, without overflow.
@inlinable
public func softplus<S>(_ x: Tensor<S>) -> Tensor<S> {
    Kernels.map(x) { S.softplus($0) }.recorded(.softplus(x: x.detached), inputs: x)
}

/// max(x, 0) elementwise (NaN stays NaN); its derivative at 0 is taken as 0.
@inlinable
public func relu<S>(_ x: Tensor<S>) -> Tensor<S> {
    Kernels.map(x) { $0 < 0 ? 0 : $0 }.recorded(.relu(x: x.detached), inputs: x)
}

/// log(1 − eˣ) elementwise for x ≤ 0, stable near 0 and far below it.
@inlinable
public func log1mexp<S>(_ x: Tensor<S>) -> Tensor<S> {
    Kernels.map(x) { S.log1mexp($0) }.recorded(.log1mexp(x: x.detached), inputs: x)
}
