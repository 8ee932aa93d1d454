import LatentCore
import LatentInference
import LatentTestSupport
import Testing

@Suite("Optimisers against hand-computed updates")
struct OptimizerTests {
    /// A store with one parameter θ = (1, −2).
    func store() throws -> ParameterStore<Double> {
        let context = ModelContext<Double>()
        _ = try context.trace { c in try c.param("theta", Tensor([1.0, -2.0])) }
        return context.parameters
    }

    func theta(_ store: ParameterStore<Double>) -> [Double] { store.unconstrainedValue("theta")!.scalars }

    let g1 = Tensor([0.5, -4.0]), g2 = Tensor([1.5, 2.0])

    @Test func sgdWithAndWithoutMomentum() throws {
        let plain = try store()
        try SGD(learningRate: 0.1).step(plain, gradients: ["theta": g1])
        #expect(zip(theta(plain), [1 - 0.05, -2 + 0.4]).allSatisfy { isClose($0, $1, tolerance: 1e-15) })
        for nesterov in [false, true] {
            let s = try store()
            let sgd = try SGD(learningRate: 0.1, momentum: 0.9, nesterov: nesterov)
            try sgd.step(s, gradients: ["theta": g1])
            try sgd.step(s, gradients: ["theta": g2])
            // v₁ = g₁, v₂ = 0.9g₁ + g₂; heavy ball steps by v, Nesterov by g + 0.9v.
            let v1 = g1.scalars, v2 = zip(g1.scalars, g2.scalars).map { 0.9 * $0 + $1 }
            let d1 = nesterov ? zip(g1.scalars, v1).map { $0 + 0.9 * $1 } : v1
            let d2 = nesterov ? zip(g2.scalars, v2).map { $0 + 0.9 * $1 } : v2
            let expected = [1.0, -2.0].indices.map { [1.0, -2.0][$0] - 0.1 * d1[$0] - 0.1 * d2[$0] }
            #expect(zip(theta(s), expected).allSatisfy { isClose($0, $1, tolerance: 1e-14) }, "nesterov \(nesterov)")
        }
    }

    /// After one step Adam moves each coordinate by η·g/(|g| + ε) (the bias
    /// corrections make m̂ = g and v̂ = g²); AdamW also shrinks θ by ηλθ.
    @Test func adamAndAdamW() throws {
        let s = try store()
        try Adam(learningRate: 0.1).step(s, gradients: ["theta": g1])
        let step = g1.scalars.map { 0.1 * $0 / (abs($0) + 1e-8) }
        #expect(zip(theta(s), [1 - step[0], -2 - step[1]]).allSatisfy { isClose($0, $1, tolerance: 1e-14) })
        let w = try store()
        try Adam(learningRate: 0.1, weightDecay: 0.5).step(w, gradients: ["theta": g1])
        #expect(zip(theta(w), [1 * 0.95 - step[0], -2 * 0.95 - step[1]]).allSatisfy { isClose($0, $1, tolerance: 1e-14) })
    }

    /// `firstNonFiniteName()` names a parameter holding a NaN or an
    /// infinity, whoever put it there: an Adam step (which reports what it
    /// wrote), or a value set by hand after a step that was finite (which
    /// must not be taken on that step's word).
    @Test func firstNonFiniteNameSeesEveryWay() throws {
        let s = try store()
        #expect(s.firstNonFiniteName() == nil)
        let adam = try Adam<Double>(learningRate: 0.1)
        try adam.step(s, gradients: ["theta": g1])
        #expect(s.firstNonFiniteName() == nil)
        s.setUnconstrainedValue("theta", Tensor([0.0, .nan]))
        #expect(s.firstNonFiniteName() == "theta")
        s.setUnconstrainedValue("theta", Tensor([.infinity, 0.0]))
        try adam.step(s, gradients: ["theta": g2])
        #expect(s.firstNonFiniteName() == "theta")
        s.setUnconstrainedValue("theta", Tensor([1.0, 2.0]))
        #expect(s.firstNonFiniteName() == nil)
        s.updateUnconstrainedValue("theta") { $0 = Tensor([1.0, -.infinity]) }
        #expect(s.firstNonFiniteName() == "theta")
        // An update that writes and then throws leaves nothing vouched for.
        s.setUnconstrainedValue("theta", Tensor([1.0, 2.0]))
        try adam.step(s, gradients: ["theta": g1])
        #expect(s.firstNonFiniteName() == nil)
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try s.updateUnconstrainedValue("theta") { value in
                value = Tensor([.nan, 0.0])
                throw Interrupted()
            }
        }
        #expect(s.firstNonFiniteName() == "theta")
    }

    @Test func adagradRmspropAndClipping() throws {
        let a = try store()
        try Adagrad(learningRate: 0.1).step(a, gradients: ["theta": g1])
        #expect(zip(theta(a), [1 - 0.1 * 0.5 / (0.5 + 1e-10), -2 + 0.1 * 4 / (4 + 1e-10)]).allSatisfy { isClose($0, $1, tolerance: 1e-14) })
        let r = try store()
        try RMSProp(learningRate: 0.1, decay: 0.9).step(r, gradients: ["theta": g1])
        let rms = g1.scalars.map { (0.1 * $0 * $0).squareRoot() }
        #expect(zip(theta(r), [1 - 0.1 * 0.5 / (rms[0] + 1e-8), -2 + 0.1 * 4 / (rms[1] + 1e-8)]).allSatisfy { isClose($0, $1, tolerance: 1e-14) })
        let long = try clipped(Tensor([3.0, 4.0]), toNorm: 1)
        #expect(zip(long.scalars, [0.6, 0.8]).allSatisfy { isClose($0, $1, tolerance: 1e-15) })
        #expect(try clipped(Tensor([0.3, 0.4]), toNorm: 1).scalars == [0.3, 0.4])
    }

    @Test func schedules() {
        #expect(LearningRateSchedule<Double>.step(initial: 1, factor: 0.5, stepSize: 10).rate(at: 25) == 0.25)
        #expect(isClose(LearningRateSchedule<Double>.exponential(initial: 2, factor: 0.9).rate(at: 3), 2 * 0.729, tolerance: 1e-15))
        let plateau = LearningRateSchedule<Double>.constantThenExponential(initial: 0.1, constantSteps: 50, factor: 0.5)
        #expect(plateau.rate(at: 49) == 0.1 && plateau.rate(at: 50) == 0.1 && plateau.rate(at: 52) == 0.025)
        let warm = LearningRateSchedule<Double>.warmup(peak: 0.2, steps: 4, then: .constant(0.05))
        #expect([0, 1, 3, 4, 100].map { warm.rate(at: $0) } == [0.05, 0.1, 0.2, 0.05, 0.05])
        let cosine = LearningRateSchedule<Double>.cosine(initial: 1, minimum: 0.1, steps: 100)
        #expect(cosine.rate(at: 0) == 1)
        #expect(isClose(cosine.rate(at: 50), 0.55, tolerance: 1e-15))
        #expect(cosine.rate(at: 150) == 0.1)
    }

    @Test func badSettingsAreNamedErrors() {
        #expect(throws: InferenceError.self) { try SGD<Double>(learningRate: 0) }
        #expect(throws: InferenceError.self) { try SGD<Double>(learningRate: 0.1, nesterov: true) }
        #expect(throws: InferenceError.self) { try Adam<Double>(beta1: 1) }
        #expect(throws: InferenceError.self) { try RMSProp<Double>(decay: -0.1) }
    }
}
