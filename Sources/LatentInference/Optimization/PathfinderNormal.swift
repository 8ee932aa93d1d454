import LatentCore

/// One of Pathfinder's normal approximations N(μ, Σ), with Σ an L-BFGS
/// inverse Hessian: a diagonal plus a low-rank term (Zhang et al. 2022,
/// Algorithms 4 and 5).
///
/// With D = diag(α) the initial diagonal and S, Y the d×J matrices of the
/// stored pairs (oldest first), the compact form of Byrd, Nocedal &
/// Schnabel (1994) is Σ = D + βγβᵀ with β = [DY, S] and
///
///     γ = ⎡ 0      −R⁻¹                 ⎤   R = upper triangle of SᵀY,
///         ⎣ −R⁻ᵀ   R⁻ᵀ(E + YᵀDY)R⁻¹    ⎦   E = diag(sⱼᵀyⱼ).
///
/// Writing β = D^½ Q R̃ (thin QR of D^−½β, Q of r = min(d, 2J) orthonormal
/// columns) and I + R̃γR̃ᵀ = LLᵀ (Cholesky), Σ = CCᵀ with
/// C = D^½(QLQᵀ + I − QQᵀ). So a draw is μ + Cu with u ~ N(0, I),
/// log det Σ = Σ log αᵢ + 2 Σ log Lᵢᵢ, and log q(μ + Cu) =
/// −½(d log 2π + log det Σ + uᵀu): everything in O(dJ + J³) per draw after
/// an O(dJ²) factorisation, never a d×d matrix.
public struct PathfinderNormal<Scalar: TensorScalar>: Sendable {
    /// μ.
    public let mean: [Scalar]
    /// log det Σ.
    public let logDeterminant: Scalar
    /// α^½, the square roots of the initial diagonal.
    let diagonalScale: [Scalar]
    /// The r columns of Q.
    let basis: [[Scalar]]
    /// L by rows, r×r lower triangular.
    let factor: [[Scalar]]

    /// The dimension d.
    public var dimension: Int { mean.count }

    /// N(x − H∇f(x), H) at a point x of a run on f = −log p, with H the
    /// given inverse-Hessian approximation (its initial diagonal is D); nil
    /// when I + R̃γR̃ᵀ is not positive definite to working precision.
    /// - Precondition: `point`, `gradient` and `inverseHessian` have one length.
    public init?(at point: [Scalar], gradient: [Scalar], inverseHessian: LBFGSInverseHessian<Scalar>) {
        let d = point.count
        let alpha = inverseHessian.initialDiagonal
        let newtonStep = inverseHessian.applied(to: gradient)
        mean = FlatVector.sum(point, -1, newtonStep)
        let scale = alpha.map { $0.squareRoot() }
        diagonalScale = scale
        let steps = inverseHessian.steps, changes = inverseHessian.gradientChanges
        let j = steps.count
        let columns = changes.map { y in (0..<d).map { y[$0] * scale[$0] } }
            + steps.map { s in (0..<d).map { s[$0] / scale[$0] } }
        let qr = HouseholderQR(columns: columns, dimension: d)
        basis = qr.q
        let middle = Self.middleFactor(inverseHessian)
        let r = qr.r.count
        // I + R̃γR̃ᵀ, row-major, for the in-place Cholesky.
        var matrix = [Scalar](repeating: 0, count: r * r)
        for a in 0..<r {
            for b in 0..<r {
                var sum: Scalar = a == b ? 1 : 0
                for k in 0..<(2 * j) where qr.r[a][k] != 0 {
                    for l in 0..<(2 * j) { sum += qr.r[a][k] * middle[k][l] * qr.r[b][l] }
                }
                matrix[a * r + b] = sum
            }
        }
        let info = r == 0 ? 0 : matrix.withUnsafeMutableBufferPointer { Scalar.choleskyInPlace($0.baseAddress!, n: r) }
        guard info == 0 else { return nil }
        factor = (0..<r).map { a in (0..<r).map { b in b <= a ? matrix[a * r + b] : 0 } }
        var logDeterminant: Scalar = 0
        for value in alpha { logDeterminant += Scalar.log(value) }
        for a in 0..<r { logDeterminant += 2 * Scalar.log(factor[a][a]) }
        guard logDeterminant.isFinite, FlatVector.isFinite(mean) else { return nil }
        self.logDeterminant = logDeterminant
    }

    /// γ of the compact form, in the column order [DY, S].
    private static func middleFactor(_ h: LBFGSInverseHessian<Scalar>) -> [[Scalar]] {
        let j = h.steps.count
        let alpha = h.initialDiagonal
        // R⁻¹ by back substitution, column by column (R is upper triangular
        // with Rᵢᵢ = sᵢᵀyᵢ > 0).
        let upper = (0..<j).map { a in (0..<j).map { b in b >= a ? FlatVector.dot(h.steps[a], h.gradientChanges[b]) : 0 } }
        var inverse = [[Scalar]](repeating: [Scalar](repeating: 0, count: j), count: j)
        for column in 0..<j {
            for row in stride(from: column, through: 0, by: -1) {
                var sum: Scalar = row == column ? 1 : 0
                for k in (row + 1)..<(column + 1) { sum -= upper[row][k] * inverse[k][column] }
                inverse[row][column] = sum / upper[row][row]
            }
        }
        // E + YᵀDY.
        let inner = (0..<j).map { a in
            (0..<j).map { b in
                var sum: Scalar = a == b ? h.curvatures[a] : 0
                for i in alpha.indices { sum += h.gradientChanges[a][i] * alpha[i] * h.gradientChanges[b][i] }
                return sum
            }
        }
        var gamma = [[Scalar]](repeating: [Scalar](repeating: 0, count: 2 * j), count: 2 * j)
        for a in 0..<j {
            for b in 0..<j {
                gamma[a][j + b] = -inverse[a][b]
                gamma[j + b][a] = -inverse[a][b]
                var sum: Scalar = 0
                for k in 0..<j { for l in 0..<j { sum += inverse[k][a] * inner[k][l] * inverse[l][b] } }
                gamma[j + a][j + b] = sum
            }
        }
        return gamma
    }

    /// μ + Cz for a standard normal z.
    private func transformed(_ z: [Scalar]) -> [Scalar] {
        let projection = basis.map { FlatVector.dot($0, z) }
        var result = z
        for a in basis.indices {
            var mixed: Scalar = 0
            for b in 0...a { mixed += factor[a][b] * projection[b] }
            FlatVector.add(mixed - projection[a], basis[a], to: &result)
        }
        for i in result.indices { result[i] = mean[i] + diagonalScale[i] * result[i] }
        return result
    }

    /// −½(d log 2π + log det Σ + zᵀz).
    private func logDensity(standardized z: [Scalar]) -> Scalar {
        let logTwoPi = Scalar.log(2 * Scalar.pi)
        return -(Scalar(dimension) * logTwoPi + logDeterminant + FlatVector.dot(z, z)) / 2
    }

    /// One draw x ~ N(μ, Σ) and log q(x).
    public func sample(using generator: inout some RandomNumberGenerator) -> (point: [Scalar], logDensity: Scalar) {
        let z = (0..<dimension).map { _ in Scalar.randomNormal(using: &generator) }
        return (transformed(z), logDensity(standardized: z))
    }

    /// log q(x) = log N(x; μ, Σ), by z = C⁻¹(x − μ) =
    /// (QL⁻¹Qᵀ + I − QQᵀ)D^−½(x − μ).
    /// - Precondition: `x.count == dimension`.
    public func logDensity(of x: [Scalar]) -> Scalar {
        var z = (0..<dimension).map { (x[$0] - mean[$0]) / diagonalScale[$0] }
        let projection = basis.map { FlatVector.dot($0, z) }
        var solved = projection
        for a in basis.indices {
            var sum = projection[a]
            for b in 0..<a { sum -= factor[a][b] * solved[b] }
            solved[a] = sum / factor[a][a]
        }
        for a in basis.indices { FlatVector.add(solved[a] - projection[a], basis[a], to: &z) }
        return logDensity(standardized: z)
    }

    /// Σ as d rows of d entries: D + D^½Q(LLᵀ − I)QᵀD^½, in O(d²r).
    public func covariance() -> [[Scalar]] {
        let d = dimension
        let r = basis.count
        var product = [[Scalar]](repeating: [Scalar](repeating: 0, count: r), count: r)
        for a in 0..<r {
            for b in 0..<r {
                var sum: Scalar = a == b ? -1 : 0
                for k in 0...Swift.min(a, b) { sum += factor[a][k] * factor[b][k] }
                product[a][b] = sum
            }
        }
        return (0..<d).map { i in
            (0..<d).map { k in
                var sum: Scalar = i == k ? diagonalScale[i] * diagonalScale[i] : 0
                for a in 0..<r {
                    for b in 0..<r { sum += diagonalScale[i] * basis[a][i] * product[a][b] * basis[b][k] * diagonalScale[k] }
                }
                return sum
            }
        }
    }
}
