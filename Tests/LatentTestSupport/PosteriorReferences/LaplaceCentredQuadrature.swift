import Foundation

/// Posterior means and sds of functions x(z) of z ∈ ℝᵈ, for a density
/// exp ℓ(z) near a Gaussian, by a product Gauss–Hermite rule in the
/// Laplace coordinates z = ẑ + L u (ẑ the mode, L Lᵀ = (−∇²ℓ(ẑ))⁻¹):
/// ∫ x(z) e^ℓ(z) dz = |L| ∫ [x(ẑ + Lu) e^(ℓ(ẑ + Lu) − ℓ(ẑ) + |u|²/2)] e^(−|u|²/2) du,
/// whose bracket is constant for an exactly Gaussian posterior and a
/// smooth, slowly varying function otherwise, which the rule integrates
/// with an error that falls geometrically in the number of nodes per axis.
/// The constant |L| cancels in the normalisation. Moments are accumulated
/// about x(ẑ), so the variance does not come from subtracting squares.
func laplaceCentredMoments(
    of logDensity: ([Double]) -> Double, mode: [Double], hessian: [[Double]], nodesPerAxis: Int,
    quantities: ([Double]) -> [Double]
) throws -> (means: [Double], sds: [Double]) {
    let scale = try CholeskyFactor(CholeskyFactor(hessian.map { $0.map { -$0 } }, name: "the negated Hessian at the mode").inverse,
                                   name: "the Laplace covariance").lower
    let rule = GaussHermiteRule(order: nodesPerAxis)
    let dimension = mode.count, peak = logDensity(mode), centre = quantities(mode)
    var mass = 0.0
    var first = [Double](repeating: 0, count: centre.count), second = first
    var index = [Int](repeating: 0, count: dimension)
    for _ in 0..<Int(pow(Double(nodesPerAxis), Double(dimension))) {
        let u = index.map { rule.nodes[$0] }
        let z = mode.indices.map { i in mode[i] + (0...i).reduce(0) { $0 + scale[i][$1] * u[$1] } }
        let ruleWeight = index.reduce(1) { $0 * rule.weights[$1] }
        let weight = ruleWeight * exp(logDensity(z) - peak + dot(u, u) / 2)
        let offsets = zip(quantities(z), centre).map { $0 - $1 }
        mass += weight
        for k in offsets.indices {
            first[k] += weight * offsets[k]
            second[k] += weight * offsets[k] * offsets[k]
        }
        advance(&index, base: nodesPerAxis)
    }
    let shifts = first.map { $0 / mass }
    return (zip(centre, shifts).map { $0 + $1 },
            shifts.indices.map { (second[$0] / mass - shifts[$0] * shifts[$0]).squareRoot() })
}

/// The next multi-index in odometer order (the last digit fastest).
private func advance(_ index: inout [Int], base: Int) {
    for position in index.indices.reversed() {
        index[position] += 1
        if index[position] < base { return }
        index[position] = 0
    }
}
