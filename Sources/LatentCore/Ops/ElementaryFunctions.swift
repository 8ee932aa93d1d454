import RealModule

// Elementwise elementary functions of one tensor. Each is a primitive with
// its own derivative rule in `DerivativeRules`.

/// eˣ elementwise.
@inlinable
public func exp<S>(_ x: Tensor<S>) -> Tensor<S> {
    let result = S.apply(.exp, to: x)
    return result.recorded(.exp(result: result), inputs: x)
}

/// eˣ − 1 elementwise, accurate for small x.
@inlinable
public func expm1<S>(_ x: Tensor<S>) -> Tensor<S> {
    let result = S.apply(.expm1, to: x)
    return result.recorded(.expm1(result: result), inputs: x)
}

/// The natural logarithm elementwise (−∞ at 0, NaN below 0, as IEEE).
@inlinable
public func log<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.log, to: x).recorded(.log(x: x.detached), inputs: x)
}

/// log(1 + x) elementwise, accurate for small x.
@inlinable
public func log1p<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.log1p, to: x).recorded(.log1p(x: x.detached), inputs: x)
}

/// √x elementwise.
@inlinable
public func sqrt<S>(_ x: Tensor<S>) -> Tensor<S> {
    let result = S.apply(.sqrt, to: x)
    return result.recorded(.sqrt(result: result), inputs: x)
}

/// |x| elementwise; its derivative at 0 is taken as 0.
@inlinable
public func abs<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.abs, to: x).recorded(.abs(x: x.detached), inputs: x)
}

/// sin x elementwise (radians).
@inlinable
public func sin<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.sin, to: x).recorded(.sin(x: x.detached), inputs: x)
}

/// cos x elementwise (radians).
@inlinable
public func cos<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.cos, to: x).recorded(.cos(x: x.detached), inputs: x)
}

/// tan x elementwise (radians).
@inlinable
public func tan<S>(_ x: Tensor<S>) -> Tensor<S> {
    let result = S.apply(.tan, to: x)
    return result.recorded(.tan(result: result), inputs: x)
}

/// arctan x elementwise, in (−π/2, π/2).
@inlinable
public func atan<S>(_ x: Tensor<S>) -> Tensor<S> {
    S.apply(.atan, to: x).recorded(.atan(x: x.detached), inputs: x)
}

/// tanh x elementwise.
@inlinable
public func tanh<S>(_ x: Tensor<S>) -> Tensor<S> {
    let result = S.apply(.tanh, to: x)
    return result.recorded(.tanh(result: result), inputs: x)
}
