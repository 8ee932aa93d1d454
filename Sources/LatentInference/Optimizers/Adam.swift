internal import CLatentKernels
import LatentCore

/// Adam (Kingma & Ba 2015) on the parameter store's unconstrained values:
/// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ − η·m̂/(√v̂ + ε) with the
/// bias corrections m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ). With `weightDecay` λ
/// it is AdamW (Loshchilov & Hutter 2019): θ also shrinks by ηλθ, decoupled
/// from the moments; with `clipNorm` c it is Pyro's ClippedAdam: each
/// parameter's gradient is first rescaled to norm at most c.
public final class Adam<Scalar: TensorScalar>: Optimizer {
    /// η, the step size.
    // A step reads these on every update: the run-time exclusivity checks are skipped,
    // since an optimiser serves one run at a time on one task.
    @exclusivity(unchecked) public var learningRate: Scalar
    /// β₁ and β₂, the decay rates of the averages m of the gradient and v of
    /// its square, and ε, added to √v̂ so that the step stays finite.
    public let beta1: Scalar, beta2: Scalar, epsilon: Scalar
    /// λ, the decoupled weight decay of AdamW (0: plain Adam).
    public let weightDecay: Scalar
    /// c: each parameter's gradient is first rescaled to norm at most c (nil: no clipping).
    public let clipNorm: Scalar?
    /// The running moments of one parameter.
    public struct Moments: Sendable {
        /// m, the decaying average of the gradient.
        public var first: Tensor<Scalar>
        /// v, the decaying average of its elementwise square.
        public var second: Tensor<Scalar>
        /// Steps taken with this parameter (t in the bias corrections).
        public var steps: Int
        /// Moments m = `first` and v = `second` after `steps` steps.
        /// - Parameters:
        ///   - first: m, of the parameter's unconstrained shape.
        ///   - second: v, of the same shape.
        ///   - steps: the steps taken so far (t in the bias corrections).
        public init(first: Tensor<Scalar>, second: Tensor<Scalar>, steps: Int) {
            self.first = first
            self.second = second
            self.steps = steps
        }
    }

    /// Each parameter's moments, by name: the optimiser's whole state (for checkpoints).
    public var moments: [String: Moments] {
        get {
            releaseBinding()
            return storedMoments
        }
        set {
            binding = nil
            storedMoments = newValue
        }
    }
    /// The moments of the parameters not held by ``binding``.
    @exclusivity(unchecked) var storedMoments: [String: Moments] = [:]
    /// The moments of a compiled step's parameters while it replays.
    @exclusivity(unchecked) var binding: Binding?
    /// The latest bias corrections 1/(1 − β₁ᵗ) and 1/(1 − β₂ᵗ), by t: every
    /// parameter of a step shares them.
    @exclusivity(unchecked) private var corrections: (t: Int, first: Scalar, second: Scalar) = (0, 1, 1)

    /// Adam with rate η = `learningRate`, moment decays `beta1` and `beta2`,
    /// ε = `epsilon`, weight decay λ = `weightDecay` and clipping norm
    /// c = `clipNorm` (the defaults are Kingma & Ba's, without decay or clipping).
    /// - Throws: ``InferenceError/invalidArgument(name:reason:)`` for a
    ///   non-positive learning rate, ε or clipping norm, betas outside
    ///   [0, 1), or a negative weight decay.
    public init(
        learningRate: Scalar = 1e-3, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
        weightDecay: Scalar = 0, clipNorm: Scalar? = nil
    ) throws {
        try OptimizerValidation.requirePositive(learningRate, "learningRate")
        try OptimizerValidation.requireUnitInterval(beta1, "beta1")
        try OptimizerValidation.requireUnitInterval(beta2, "beta2")
        try OptimizerValidation.requirePositive(epsilon, "epsilon")
        guard weightDecay >= 0 else { throw InferenceError.invalidArgument(name: "weightDecay", reason: "must be non-negative") }
        if let clipNorm { try OptimizerValidation.requirePositive(clipNorm, "clipNorm") }
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.clipNorm = clipNorm
    }

    /// One step for each named gradient, in place: θ, m and v are
    /// overwritten in one pass over their elements (copied first only if
    /// something else still holds their buffers).
    // Kept for the `svi` and `vae` benchmarks: every parameter is updated here on every step.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func step(_ parameters: ParameterStore<Scalar>, gradients: [String: Tensor<Scalar>]) throws {
        releaseBinding()
        for (name, gradient) in gradients { try step(parameters, name: name, gradient: gradient) }
    }

    /// The same step with the gradients in a list beside their names (an SVI
    /// step's order), without building a dictionary.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    public func step(_ parameters: ParameterStore<Scalar>, names: [String], gradients: [Tensor<Scalar>]) throws {
        releaseBinding()
        for (name, gradient) in zip(names, gradients) { try step(parameters, name: name, gradient: gradient) }
    }

    private func step(_ parameters: ParameterStore<Scalar>, name: String, gradient: Tensor<Scalar>) throws {
        guard let position = parameters.position(of: name) else { return }
        try step(parameters, name: name, at: position, gradient: gradient)
    }

    /// The update of the parameter `name` at `position` in the store, in
    /// place: its moments are changed where the dictionary keeps them.
    private func step(_ parameters: ParameterStore<Scalar>, name: String, at position: Int, gradient: Tensor<Scalar>) throws {
        let shape = parameters.unconstrainedValue(at: position).shape
        let g = try clipNorm.map { try clipped(gradient, toNorm: $0) } ?? gradient
        guard g.shape == shape else {
            throw InferenceError.invalidParameter(
                name: name, reason: "gradient of shape \(g.shape) for a parameter of shape \(shape)")
        }
        if storedMoments[name] == nil {
            storedMoments[name] = Moments(first: try Tensor.zeros(shape), second: try Tensor.zeros(shape), steps: 0)
        }
        try parameters.updateUnconstrainedValue(at: position, checkingFinite: { theta in
            try update(&theta, gradient: g, moments: &storedMoments[name]!, name: name)
        })
    }

    /// The update of one parameter with its moments; the gradient's shape
    /// is checked by the caller, the moments' here. Returns whether every
    /// new value is finite.
    // Kept for the `svi` and `vae` benchmarks: unspecialised, each SIMD8 lane operation is a witness call.
    @_specialize(where Scalar == Double)
    @_specialize(where Scalar == Float)
    private func update(_ theta: inout Tensor<Scalar>, gradient: Tensor<Scalar>, moments: inout Moments, name: String) throws -> Bool {
        guard moments.first.shape == theta.shape, moments.second.shape == theta.shape else {
            throw InferenceError.invalidParameter(
                name: name, reason: "Adam moments of shape \(moments.first.shape) for a parameter of shape \(theta.shape)")
        }
        moments.steps += 1
        let t = moments.steps
        return gradient.withUnsafeScalars { g in
            moments.first.withUnsafeMutableScalars { m in
                moments.second.withUnsafeMutableScalars { v in
                    theta.withUnsafeMutableScalars { th in update(th, g, m, v, t: t) }
                }
            }
        }
    }

    /// m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², θ ← θ(1 − ηλ) − η·m̂/(√v̂ + ε)
    /// at step t, in one pass over the elements, eight lanes at a time (the
    /// compiler cannot prove the buffers distinct, so it would not vectorise
    /// the loop itself), or in AVX2 registers where the CPU has them, then
    /// the rest; large parameters are split over the cores. The four
    /// buffers have one length. Returns whether every new θ is finite,
    /// found in the same pass (θ − θ is 0 only for a finite θ), so that
    /// nobody scans them again.
    @inline(__always)
    @discardableResult
    func update(
        _ theta: UnsafeMutableBufferPointer<Scalar>, _ gradient: UnsafeBufferPointer<Scalar>,
        _ first: UnsafeMutableBufferPointer<Scalar>, _ second: UnsafeMutableBufferPointer<Scalar>, t: Int,
        lanes: VectorLanes = .fastest
    ) -> Bool {
        let (b1, b2, rate, eps) = (beta1, beta2, learningRate, epsilon)
        let (correction1, correction2) = biasCorrections(at: t)
        let decay = 1 - learningRate * weightDecay
        let (g, m, v, th) = (gradient.baseAddress!, first.baseAddress!, second.baseAddress!, theta.baseAddress!)
        let wide = lanes == .wide
        return ParallelChunks.allSatisfy(count: theta.count, piecesPerThread: 4) { range in
            update(th, g, m, v, range, wide: wide, (b1, b2, rate, correction1, correction2, eps, decay))
        }
    }

    /// The update above on the elements `range` of the buffers; returns
    /// whether every new θ among them is finite.
    @inline(__always)
    private func update(
        _ th: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>, _ m: UnsafeMutablePointer<Scalar>,
        _ v: UnsafeMutablePointer<Scalar>, _ range: Range<Int>, wide: Bool,
        _ c: (b1: Scalar, b2: Scalar, rate: Scalar, correction1: Scalar, correction2: Scalar, eps: Scalar, decay: Scalar)
    ) -> Bool {
        let (b1, b2, rate, correction1, correction2, eps, decay) = c
        var covered = range.lowerBound
        var finite = true
        if wide {
            let (count, wideFinite) = Self.wideUpdate(
                th + covered, g + covered, m + covered, v + covered, count: range.count, c)
            covered += count
            finite = wideFinite
        }
        var residue = SIMD8<Scalar>()
        let lanes = covered + (range.upperBound - covered) / 8 * 8
        for start in stride(from: covered, to: lanes, by: 8) {
            let gs = UnsafeRawPointer(g + start).loadUnaligned(as: SIMD8<Scalar>.self)
            let ms = UnsafeRawPointer(m + start).loadUnaligned(as: SIMD8<Scalar>.self)
            let vs = UnsafeRawPointer(v + start).loadUnaligned(as: SIMD8<Scalar>.self)
            let ts = UnsafeRawPointer(th + start).loadUnaligned(as: SIMD8<Scalar>.self)
            let mNext = b1 * ms + (1 - b1) * gs
            let vNext = b2 * vs + (1 - b2) * gs * gs
            let step = rate * (mNext * correction1) / ((vNext * correction2).squareRoot() + eps)
            UnsafeMutableRawPointer(m + start).storeBytes(of: mNext, as: SIMD8<Scalar>.self)
            UnsafeMutableRawPointer(v + start).storeBytes(of: vNext, as: SIMD8<Scalar>.self)
            let next = ts * decay - step
            UnsafeMutableRawPointer(th + start).storeBytes(of: next, as: SIMD8<Scalar>.self)
            residue += next - next
        }
        for i in lanes..<range.upperBound {
            m[i] = b1 * m[i] + (1 - b1) * g[i]
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
            th[i] = th[i] * decay - rate * (m[i] * correction1) / ((v[i] * correction2).squareRoot() + eps)
            finite = finite && th[i].isFinite
        }
        // NaN ≠ 0, so a lane that met a non-finite θ fails the comparison.
        return finite && residue == SIMD8()
    }

    /// The update above in AVX2 registers (`CLatentKernels`: the same
    /// operations in the same order, so the same bits); returns how many
    /// leading elements it covered, and whether each new θ among them is
    /// finite.
    @inline(__always)
    static func wideUpdate(
        _ th: UnsafeMutablePointer<Scalar>, _ g: UnsafePointer<Scalar>, _ m: UnsafeMutablePointer<Scalar>,
        _ v: UnsafeMutablePointer<Scalar>, count: Int,
        _ c: (b1: Scalar, b2: Scalar, rate: Scalar, correction1: Scalar, correction2: Scalar, eps: Scalar, decay: Scalar)
    ) -> (count: Int, finite: Bool) {
        var finite: Int32 = 1
        func cast<T>(_ p: UnsafeMutablePointer<Scalar>, _: T.Type) -> UnsafeMutablePointer<T> {
            UnsafeMutableRawPointer(p).assumingMemoryBound(to: T.self)
        }
        if Scalar.self == Float.self {
            func f(_ x: Scalar) -> Float { unsafeBitCast(x, to: Float.self) }
            let covered = latent_adam_avx2_f32(
                cast(th, Float.self), UnsafeRawPointer(g).assumingMemoryBound(to: Float.self), cast(m, Float.self),
                cast(v, Float.self), count, f(c.b1), f(1 - c.b1), f(c.b2), f(1 - c.b2), f(c.rate), f(c.correction1),
                f(c.correction2), f(c.eps), f(c.decay), &finite)
            return (covered, finite != 0)
        }
        if Scalar.self == Double.self {
            func d(_ x: Scalar) -> Double { unsafeBitCast(x, to: Double.self) }
            let covered = latent_adam_avx2_f64(
                cast(th, Double.self), UnsafeRawPointer(g).assumingMemoryBound(to: Double.self), cast(m, Double.self),
                cast(v, Double.self), count, d(c.b1), d(1 - c.b1), d(c.b2), d(1 - c.b2), d(c.rate), d(c.correction1),
                d(c.correction2), d(c.eps), d(c.decay), &finite)
            return (covered, finite != 0)
        }
        return (0, true)
    }

    /// 1/(1 − β₁ᵗ) and 1/(1 − β₂ᵗ), computed once per t.
    func biasCorrections(at t: Int) -> (Scalar, Scalar) {
        if corrections.t != t {
            corrections = (t, 1 / (1 - Scalar.pow(beta1, t)), 1 / (1 - Scalar.pow(beta2, t)))
        }
        return (corrections.first, corrections.second)
    }
}

/// `g` rescaled so that its Euclidean norm is at most `norm`.
public func clipped<S: TensorScalar>(_ g: Tensor<S>, toNorm norm: S) throws -> Tensor<S> {
    let length = try (g * g).sum().scalarValue.squareRoot()
    return length > norm ? g * (norm / length) : g
}
