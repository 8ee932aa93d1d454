/// The mode of a smooth log density ℓ on ℝᵈ and the Hessian there, by
/// Newton's method with backtracking on central finite differences: the
/// gradient with step 10⁻⁵ (error ~ u·|ℓ|/10⁻⁵ ≈ 10⁻⁸ for |ℓ| ~ 10³) and the
/// Hessian with step 10⁻⁴. The Hessian only scales the quadrature that
/// follows, so its few correct digits are plenty; the mode only centres it.
/// Where −H is not positive definite the step is along the gradient.
func posteriorMode(
    of logDensity: ([Double]) -> Double, from start: [Double], name: String
) throws -> (mode: [Double], hessian: [[Double]]) {
    var z = start, value = logDensity(start)
    for _ in 0..<200 {
        let gradient = centralGradient(logDensity, at: z, step: 1e-5)
        let hessian = centralHessian(logDensity, at: z, step: 1e-4)
        let direction: [Double]
        if let factor = try? CholeskyFactor(hessian.map { $0.map { -$0 } }, name: "−H") {
            direction = factor.solve(gradient)
        } else {
            direction = gradient.map { $0 * 1e-3 }
        }
        var length = 1.0
        while length > 1e-12 {
            let trial = zip(z, direction).map { $0 + length * $1 }
            let trialValue = logDensity(trial)
            if trialValue >= value {
                z = trial
                value = trialValue
                break
            }
            length /= 2
        }
        if direction.map({ abs($0 * length) }).max()! < 1e-10 || length <= 1e-12 {
            return (z, centralHessian(logDensity, at: z, step: 1e-4))
        }
    }
    throw PosteriorReferenceError.modeNotFound(posterior: name, reason: "Newton's method took 200 steps")
}

/// ∂ℓ/∂zᵢ ≈ (ℓ(z + h eᵢ) − ℓ(z − h eᵢ)) / 2h.
private func centralGradient(_ f: ([Double]) -> Double, at z: [Double], step h: Double) -> [Double] {
    z.indices.map { i in
        var (up, down) = (z, z)
        up[i] += h
        down[i] -= h
        return (f(up) - f(down)) / (2 * h)
    }
}

/// ∂²ℓ/∂zᵢ∂zⱼ ≈ (ℓ(+h, +h) − ℓ(+h, −h) − ℓ(−h, +h) + ℓ(−h, −h)) / 4h²,
/// the offsets along eᵢ and eⱼ (2h along eᵢ when i = j).
private func centralHessian(_ f: ([Double]) -> Double, at z: [Double], step h: Double) -> [[Double]] {
    func shifted(_ i: Int, _ a: Double, _ j: Int, _ b: Double) -> Double {
        var point = z
        point[i] += a
        point[j] += b
        return f(point)
    }
    var hessian = z.indices.map { _ in [Double](repeating: 0, count: z.count) }
    for i in z.indices {
        for j in i..<z.count {
            let entry = (shifted(i, h, j, h) - shifted(i, h, j, -h) - shifted(i, -h, j, h) + shifted(i, -h, j, -h)) / (4 * h * h)
            hessian[i][j] = entry
            hessian[j][i] = entry
        }
    }
    return hessian
}
