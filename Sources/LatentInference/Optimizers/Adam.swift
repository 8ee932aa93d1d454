import LatentCore

/// Adam (Kingma & Ba 2015) on the parameter store's unconstrained values:
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η·m̂/(√v̂ + ε) with the
/// bias corrections m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ). With `weightDecay` λ
/// it is AdamW (Loshchilov & Hutter 2019): θ also shrinks by ηλθ, decoupled
/// from the moments; with `clipNorm` c it is Pyro's ClippedAdam: each
/// parameter's gradient is first rescaled to norm at most c.
public final class Adam<Scalar: TensorScalar>: Optimizer {
    public var learningRate: Scalar
    public let beta1: Scalar, beta2: Scalar, epsilon: Scalar
    public let weightDecay: Scalar
    public let clipNorm: Scalar?
    /// The running moments of one parameter.
    public struct Moments: Sendable {
        public var first: Tensor<Scalar>
        public var second: Tensor<Scalar>
        /// Steps taken with this parameter (t in the bias corrections).
        public var steps: Int
        public init(first: Tensor<Scalar>, second: Tensor<Scalar>, steps: Int) {
            self.first = first
            self.second = second
            self.steps = steps
        }
    }

    /// Each parameter's moments, by name: the optimiser's whole state (for checkpoints).
    public var moments: [String: Moments] = [:]

    /// - Throws: ``InferenceError/invalidParameter(name:reason:)`` for a
    ///   non-positive learning rate or betas outside [0, 1).
    public init(
        learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
        weightDecay: Scalar = 0, clipNorm: Scalar? = nil
    ) throws {
        try OptimizerValidation.requirePositive(learningRate, "learningRate")
        try OptimizerValidation.requireUnitInterval(beta1, "beta1")
        try OptimizerValidation.requireUnitInterval(beta2, "beta2")
        try OptimizerValidation.requirePositive(epsilon, "epsilon")
        guard weightDecay >= 0 else { throw InferenceError.invalidParameter(name: "weightDecay", reason: "must be non-negative") }
        if let clipNorm { try OptimizerValidation.requirePositive(clipNorm, "clipNorm") }
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.clipNorm = clipNorm
    }

    /// One step for each named gradient.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func step(_ parameters: ParameterStore<Scalar>, gradients: [String: Tensor<Scalar>]) throws {
        try apply(parameters, gradients) { name, theta, gradient in
            let g = try clipNorm.map { try clipped(gradient, toNorm: $0) } ?? gradient
            let previous = try moments[name] ?? Moments(first: Tensor.zeros(g.shape), second: Tensor.zeros(g.shape), steps: 0)
            let (first, second, updated) = try fusedUpdate(theta: theta, gradient: g, previous: previous)
            moments[name] = Moments(first: first, second: second, steps: previous.steps + 1)
            return updated
        }
    }

    /// m, v and θ′ in one pass over the elements (the formulas above).
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private func fusedUpdate(
        theta: Tensor<Scalar>, gradient: Tensor<Scalar>, previous: Moments
    ) throws -> (Tensor<Scalar>, Tensor<Scalar>, Tensor<Scalar>) {
        let count = theta.count
        guard gradient.shape == theta.shape, previous.first.shape == theta.shape else {
            throw InferenceError.invalidParameter(name: "gradient", reason: "shape \(gradient.shape) does not match the parameter's \(theta.shape)")
        }
        let t = previous.steps + 1
        let (b1, b2, rate, eps) = (beta1, beta2, learningRate, epsilon)
        let correction1 = 1 / (1 - Scalar.pow(b1, t)), correction2 = 1 / (1 - Scalar.pow(b2, t))
        let decay = 1 - learningRate * weightDecay
        var second: Tensor<Scalar>?, updated: Tensor<Scalar>?
        let first = try Tensor<Scalar>(shape: theta.shape) { m1 in
            second = try Tensor<Scalar>(shape: theta.shape) { v1 in
                updated = try Tensor<Scalar>(shape: theta.shape) { th1 in
                    theta.withUnsafeScalars { th in
                        gradient.withUnsafeScalars { g in
                            previous.first.withUnsafeScalars { m0 in
                                previous.second.withUnsafeScalars { v0 in
                                    // Raw pointers: no bounds checks. Eight lanes at a time
                                    // (the compiler cannot prove the buffers distinct, so it
                                    // would not vectorise the loop itself), then the rest.
                                    let (th, g, m0, v0) = (th.baseAddress!, g.baseAddress!, m0.baseAddress!, v0.baseAddress!)
                                    let (m1, v1, th1) = (m1.baseAddress!, v1.baseAddress!, th1.baseAddress!)
                                    let lanes = count / 8 * 8
                                    for start in stride(from: 0, to: lanes, by: 8) {
                                        let gs = UnsafeRawPointer(g + start).loadUnaligned(as: SIMD8<Scalar>.self)
                                        let ms = UnsafeRawPointer(m0 + start).loadUnaligned(as: SIMD8<Scalar>.self)
                                        let vs = UnsafeRawPointer(v0 + start).loadUnaligned(as: SIMD8<Scalar>.self)
                                        let ts = UnsafeRawPointer(th + start).loadUnaligned(as: SIMD8<Scalar>.self)
                                        let m = b1 * ms + (1 - b1) * gs
                                        let v = b2 * vs + (1 - b2) * gs * gs
                                        let step = rate * (m * correction1) / ((v * correction2).squareRoot() + eps)
                                        let next = ts * decay - step
                                        UnsafeMutableRawPointer(m1 + start).storeBytes(of: m, as: SIMD8<Scalar>.self)
                                        UnsafeMutableRawPointer(v1 + start).storeBytes(of: v, as: SIMD8<Scalar>.self)
                                        UnsafeMutableRawPointer(th1 + start).storeBytes(of: next, as: SIMD8<Scalar>.self)
                                    }
                                    for i in lanes..<count {
                                        let m = b1 * m0[i] + (1 - b1) * g[i]
                                        let v = b2 * v0[i] + (1 - b2) * g[i] * g[i]
                                        m1[i] = m
                                        v1[i] = v
                                        th1[i] = th[i] * decay - rate * (m * correction1) / ((v * correction2).squareRoot() + eps)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (first, second!, updated!)
    }
}

/// `g` rescaled so that its Euclidean norm is at most `norm`.
public func clipped<S: TensorScalar>(_ g: Tensor<S>, toNorm norm: S) throws -> Tensor<S> {
    let length = try (g * g).sum().scalarValue.squareRoot()
    return length > norm ? g * (norm / length) : g
}
