import LatentCore

/// The thin QR factorisation B = QR of a d×n matrix given by its n columns,
/// by Householder reflections (Golub & Van Loan §5.2): Q is d×r with
/// orthonormal columns and R is r×n upper trapezoidal, r = min(d, n).
/// Reflections stay orthogonal when columns are dependent (R then has
/// zeros on its diagonal), which the Pathfinder factors [D^½Y, D^−½S]
/// can be when 2m ≥ d.
struct HouseholderQR<Scalar: TensorScalar> {
    /// The r columns of Q, each of length d.
    let q: [[Scalar]]
    /// R by rows: r rows of n entries.
    let r: [[Scalar]]

    init(columns: [[Scalar]], dimension d: Int) {
        let n = columns.count
        let rank = Swift.min(d, n)
        var a = columns
        var reflectors: [[Scalar]] = []
        for k in 0..<rank {
            var v = Array(a[k][k...])
            let norm = FlatVector.norm(v)
            if norm > 0 {
                v[0] += v[0] < 0 ? -norm : norm
                let scale = 2 / FlatVector.dot(v, v)
                for j in k..<n {
                    var projection: Scalar = 0
                    for i in v.indices { projection += v[i] * a[j][k + i] }
                    projection *= scale
                    for i in v.indices { a[j][k + i] -= projection * v[i] }
                }
            }
            reflectors.append(norm > 0 ? v : [])
        }
        r = (0..<rank).map { i in (0..<n).map { j in j >= i ? a[j][i] : 0 } }
        q = (0..<rank).map { j in
            var e = [Scalar](repeating: 0, count: d)
            e[j] = 1
            for k in (0..<rank).reversed() where !reflectors[k].isEmpty {
                let v = reflectors[k]
                var projection: Scalar = 0
                for i in v.indices { projection += v[i] * e[k + i] }
                projection *= 2 / FlatVector.dot(v, v)
                for i in v.indices { e[k + i] -= projection * v[i] }
            }
            return e
        }
    }
}
