import LatentCore
import LatentInference
import LatentTestSupport
import Testing

@Suite("L-BFGS against closed-form minimisers")
struct LBFGSTests {
    /// The chained Rosenbrock function Σᵢ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²,
    /// minimum 0 at (1, …, 1).
    static func rosenbrock(_ x: [Double]) -> (value: Double, gradient: [Double]) {
        var value = 0.0
        var gradient = [Double](repeating: 0, count: x.count)
        for i in 0..<(x.count - 1) {
            let bend = x[i + 1] - x[i] * x[i]
            value += 100 * bend * bend + (1 - x[i]) * (1 - x[i])
            gradient[i] += -400 * x[i] * bend - 2 * (1 - x[i])
            gradient[i + 1] += 200 * bend
        }
        return (value, gradient)
    }

    /// Only the gradient test, so that the run goes on until ‖∇f‖ < 1e-10.
    func gradientOnly(memory: Int = 6) throws -> LBFGS<Double> {
        try LBFGS(
            memory: memory, objectiveTolerance: 0, relativeObjectiveTolerance: 0, gradientTolerance: 1e-10,
            relativeGradientTolerance: 0, parameterTolerance: 0)
    }

    @Test func illConditionedQuadraticReachesItsMinimiser() throws {
        let quadratic = Quadratic(dimension: 10, condition: 1e4, seed: 1)
        let result = try gradientOnly().minimize(from: [Double](repeating: 0, count: 10), quadratic.evaluate)
        #expect(result.termination == .gradientTolerance)
        // ‖x − x*‖ = ‖A⁻¹∇f‖ ≤ ‖∇f‖/λ_min = ‖∇f‖ < 1e-10, so 1e-8 has margin.
        for (x, expected) in zip(result.minimizer, quadratic.minimizer) {
            #expect(abs(x - expected) < 1e-8)
        }
        #expect(result.path.count == result.iterations + 1)
        #expect(result.path.last?.point == result.minimizer)
    }

    @Test(arguments: [2, 10])
    func rosenbrockReachesAllOnes(dimension: Int) throws {
        let start = (0..<dimension).map { $0.isMultiple(of: 2) ? -1.2 : 1.0 }
        let result = try gradientOnly().minimize(from: start, Self.rosenbrock)
        #expect(result.termination.isConverged, "stopped by \(result.termination)")
        // The Hessian at (1, …, 1) has smallest eigenvalue 0.399 (d = 2) and
        // 0.499 (d = 10), so ‖∇f‖ < 1e-10 puts x within 3e-10 of the minimum.
        for x in result.minimizer { #expect(abs(x - 1) < 1e-8) }
    }

    /// For each accepted step s = xₖ₊₁ − xₖ (a positive multiple of the
    /// direction), f(xₖ₊₁) ≤ f(xₖ) + c₁∇f(xₖ)ᵀs and |∇f(xₖ₊₁)ᵀs| ≤ c₂|∇f(xₖ)ᵀs|;
    /// the slack 1e-12·|∇f(xₖ)ᵀs| allows for forming s from the iterates.
    @Test func everyStepSatisfiesTheStrongWolfeConditions() throws {
        let optimizer = try LBFGS<Double>()
        let result = try optimizer.minimize(from: [-1.2, 1, -1.2, 1, -1.2], Self.rosenbrock)
        #expect(result.iterations > 10)
        for (before, after) in zip(result.path, result.path.dropFirst()) {
            let step = zip(after.point, before.point).map { $0 - $1 }
            let slope = zip(before.gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            let newSlope = zip(after.gradient, step).reduce(0) { $0 + $1.0 * $1.1 }
            let slack = 1e-12 * abs(slope)
            #expect(slope < 0)
            #expect(after.value <= before.value + optimizer.sufficientDecrease * slope + slack)
            #expect(abs(newSlope) <= optimizer.curvature * abs(slope) + slack)
        }
    }

    @Test func aStartWhereTheObjectiveIsNotFiniteIsAnError() throws {
        let optimizer = try LBFGS<Double>()
        for bad in [(Double.nan, [0.0]), (1.0, [Double.infinity])] {
            #expect {
                _ = try optimizer.minimize(from: [0]) { _ in bad }
            } throws: { error in
                if case let .invalidArgument(name, _) = error as? InferenceError { name == "start" } else { false }
            }
        }
        #expect {
            _ = try optimizer.minimize(from: [0, 0]) { _ in (0, [0]) }
        } throws: { error in
            if case let .invalidArgument(name, _) = error as? InferenceError { name == "gradient" } else { false }
        }
        #expect(throws: InferenceError.self) { try LBFGS<Double>(sufficientDecrease: 0.5, curvature: 0.1) }
    }

    /// f(x) = Σ xᵢ − log xᵢ (minimum at 1) is +∞ where some xᵢ ≤ 0. From 20
    /// its curvature 1/x² is tiny, so the quasi-Newton steps overshoot past
    /// 0 and the line search must back off to reach the minimum.
    @Test func theLineSearchBacksOffFromInfiniteValues() throws {
        var outside = 0
        let result = try gradientOnly().minimize(from: [20, 20, 0.5]) { x in
            guard x.allSatisfy({ $0 > 0 }) else {
                outside += 1
                return (.infinity, x.map { _ in .nan })
            }
            return (x.reduce(0) { $0 + $1 - Double.log($1) }, x.map { 1 - 1 / $0 })
        }
        #expect(outside > 0)
        #expect(result.termination == .gradientTolerance)
        // The Hessian diag(1/x²) is 1 at the minimum: ‖x − 1‖ ≈ ‖∇f‖ < 1e-10.
        for x in result.minimizer { #expect(abs(x - 1) < 1e-8) }
    }

    /// BFGS with exact line searches on a quadratic takes A-conjugate steps
    /// and keeps every secant equation H yⱼ = sⱼ (the hereditary property), so
    /// after d steps with all d pairs held H A sⱼ = sⱼ for d independent sⱼ:
    /// H = A⁻¹. c₂ = 1e-10 makes the line search exact to that fraction of the
    /// slope (cubic interpolation is exact on a quadratic); the conjugacy
    /// error, amplified by the condition number 100, stays below 1e-6 of ‖A⁻¹‖.
    @Test func inverseHessianIsTheInverseAfterExactSteps() throws {
        let d = 5
        let quadratic = Quadratic(dimension: d, condition: 100, seed: 2)
        let exact = try LBFGS<Double>(
            memory: d, maxIterations: d, objectiveTolerance: 0, relativeObjectiveTolerance: 0, gradientTolerance: 0,
            relativeGradientTolerance: 0, parameterTolerance: 0, sufficientDecrease: 1e-12, curvature: 1e-10)
        let result = try exact.minimize(from: [Double](repeating: 2, count: d), quadratic.evaluate)
        #expect(result.iterations == d)
        #expect(result.inverseHessian.steps.count == d)
        let approximation = result.inverseHessian.denseMatrix()
        for i in 0..<d {
            for j in 0..<d { #expect(abs(approximation[i][j] - quadratic.inverse[i][j]) < 1e-6) }
        }
    }

    /// With the default Wolfe steps only the newest secant equation holds
    /// exactly: H A s = s for the last step s, since y = As on a quadratic.
    @Test func inverseHessianSatisfiesTheNewestSecantEquation() throws {
        let quadratic = Quadratic(dimension: 10, condition: 1e4, seed: 3)
        let result = try LBFGS<Double>(maxIterations: 8).minimize(from: [Double](repeating: 0, count: 10), quadratic.evaluate)
        let inverseHessian = result.inverseHessian
        let step = try #require(inverseHessian.steps.last)
        let mapped = inverseHessian.applied(to: quadratic.times(step))
        let scale = step.map(abs).max()!
        for (x, expected) in zip(mapped, step) { #expect(abs(x - expected) < 1e-10 * scale) }
        // H₀ = γI with γ = sᵀy/yᵀy of that step.
        let y = quadratic.times(step)
        let gamma = zip(step, y).reduce(0) { $0 + $1.0 * $1.1 } / y.reduce(0) { $0 + $1 * $1 }
        #expect(inverseHessian.initialDiagonal.allSatisfy { isClose($0, gamma, tolerance: 1e-14) })
    }

    /// In Float, with the gradient test at 1e-4 (the defaults are Double's):
    /// the Hessian's smallest eigenvalue at the minimum is about 0.4, so
    /// ‖x − 1‖ ≲ 1e-4/0.4, plus Float rounding of x near 1 (6e-8).
    @Test func minimizesInFloat() throws {
        let optimizer = try LBFGS<Float>(
            relativeObjectiveTolerance: 0, gradientTolerance: 1e-4, relativeGradientTolerance: 0, parameterTolerance: 0)
        let result = try optimizer.minimize(from: [-1.2, 1]) { x in
            let (value, gradient) = Self.rosenbrock(x.map(Double.init))
            return (Float(value), gradient.map(Float.init))
        }
        #expect(result.termination == .gradientTolerance)
        for x in result.minimizer { #expect(abs(x - 1) < 1e-3) }
    }
}
