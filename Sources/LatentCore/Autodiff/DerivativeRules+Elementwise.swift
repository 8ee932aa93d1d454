import RealModule
internal import CLatentKernels

// The derivative rules of the named elementwise functions y = f(x), each the
// product g·f′ from the output's gradient g and one saved scalar: the input
// x, or the result y where f′ is cheaper from it (``savesResult``). The
// eager walk and a compiled step's loops both apply these, so they agree to
// the bit.
extension DerivativeRules {
    /// The input gradient of `function` for the output gradient `g`, from
    /// `saved` (the input or the result, as ``savesResult(_:)`` says).
    @inlinable
    static func elementwise<S: TensorScalar>(
        _ function: ElementwiseFunction, _ g: Tensor<S>, _ saved: Tensor<S>
    ) -> InputGradients<S> {
        let out = TensorStorage<S>.make(uninitializedCount: g.count)
        rule(function, g.storage.base, saved.storage.base, into: out.base, count: g.count, adding: false)
        return gradients(Tensor(shape: g.shape, storage: out))
    }

    /// Whether the rule of `function` reads the result (else the input).
    @inlinable
    static func savesResult(_ function: ElementwiseFunction) -> Bool {
        switch function {
        case .exp, .expm1, .sqrt, .tan, .tanh, .sigmoid, .erfinv: return true
        default: return false
        }
    }

    /// `target[i] = g[i]·f′` (or `+=` when `adding`) for `count` scalars,
    /// f′ from `saved[i]`.
    @inlinable
    static func rule<S: TensorScalar>(
        _ function: ElementwiseFunction, _ g: UnsafePointer<S>, _ saved: UnsafePointer<S>,
        into target: UnsafeMutablePointer<S>, count n: Int, adding: Bool
    ) {
        // From `start` on: the elements before it done already (in AVX2 registers).
        @inline(__always) func apply(from start: Int = 0, _ rule: (S, S) -> S) {
            if adding {
                for i in start..<n { target[i] += rule(g[i], saved[i]) }
            } else {
                for i in start..<n { target[i] = rule(g[i], saved[i]) }
            }
        }
        switch function {
        case .exp: apply(*)
        case .expm1: apply { $0 * ($1 + 1) }
        case .log: apply(/)
        case .log1p: apply { $0 / (1 + $1) }
        case .sqrt: apply { $0 / (2 * $1) }
        case .abs: apply { $1 > 0 ? $0 : ($1 < 0 ? -$0 : 0) }
        case .sin: apply { $0 * S.cos($1) }
        case .cos: apply { -$0 * S.sin($1) }
        case .tan: apply { $0 * (1 + $1 * $1) }
        case .atan: apply { $0 / (1 + $1 * $1) }
        case .tanh: apply { $0 * (1 - $1 * $1) }
        case .sigmoid: apply { $0 * $1 * (1 - $1) }
        case .logSigmoid: apply { $0 * S.sigmoid(-$1) }
        case .softplus: apply { $0 * S.sigmoid($1) }
        case .relu: apply(from: reluRuleLanes(g, saved, into: target, count: n, adding: adding)) { $1 > 0 ? $0 : 0 }
        // d/dx log(1 − eˣ) = −1/expm1(−x).
        case .log1mexp: apply { -$0 / S.expMinusOne(-$1) }
        case .logGamma: apply { $0 * S(SpecialFunctions.digamma(Double($1))) }
        case .digamma: apply { $0 * S(SpecialFunctions.trigamma(Double($1))) }
        case .trigamma: apply { $0 * S((try? SpecialFunctions.polygamma(2, Double($1))) ?? .nan) }
        case .erf: apply { $0 * 2 / S.sqrt(.pi) * S.exp(-$1 * $1) }
        case .erfc: apply { -$0 * 2 / S.sqrt(.pi) * S.exp(-$1 * $1) }
        // d/dx erfinv(x) = (√π/2)·exp(erfinv(x)²).
        case .erfinv: apply { $0 * S.sqrt(.pi) / 2 * S.exp($1 * $1) }
        case .negate: apply { g, _ in -g }
        case .finiteIndicator: apply { _, _ in 0 }
        }
    }

    /// The leading elements of relu's rule in AVX2 registers (`CLatentKernels`:
    /// a select by mask, no branch per element; the same bits). Returns
    /// how many it wrote: none without AVX2 or for other scalars.
    @usableFromInline
    static func reluRuleLanes<S: TensorScalar>(
        _ g: UnsafePointer<S>, _ saved: UnsafePointer<S>, into target: UnsafeMutablePointer<S>, count: Int, adding: Bool
    ) -> Int {
        guard VectorLanes.fastest == .wide else { return 0 }
        func cast<T>(_ p: UnsafePointer<S>, _: T.Type) -> UnsafePointer<T> { UnsafeRawPointer(p).assumingMemoryBound(to: T.self) }
        let raw = UnsafeMutableRawPointer(target)
        if S.self == Float.self {
            return latent_relu_rule_avx2_f32(cast(g, Float.self), cast(saved, Float.self), raw.assumingMemoryBound(to: Float.self), count, adding ? 1 : 0)
        }
        if S.self == Double.self {
            return latent_relu_rule_avx2_f64(cast(g, Double.self), cast(saved, Double.self), raw.assumingMemoryBound(to: Double.self), count, adding ? 1 : 0)
        }
        return 0
    }
}
