import LatentCore

/// The few vector operations the quasi-Newton code needs, on flat arrays of
/// equal length. Loops over indices rather than `zip`/`map` chains, so that
/// only the functions that return a new array allocate.
enum FlatVector {
    /// The inner product aᵀb.
    static func dot<Scalar: TensorScalar>(_ a: [Scalar], _ b: [Scalar]) -> Scalar {
        var sum: Scalar = 0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    /// The Euclidean norm ‖a‖₂.
    static func norm<Scalar: TensorScalar>(_ a: [Scalar]) -> Scalar {
        dot(a, a).squareRoot()
    }

    /// y ← y + αx.
    static func add<Scalar: TensorScalar>(_ alpha: Scalar, _ x: [Scalar], to y: inout [Scalar]) {
        for i in y.indices { y[i] += alpha * x[i] }
    }

    /// a + αb as a new array.
    static func sum<Scalar: TensorScalar>(_ a: [Scalar], _ alpha: Scalar, _ b: [Scalar]) -> [Scalar] {
        var result = a
        add(alpha, b, to: &result)
        return result
    }

    /// a − b as a new array.
    static func difference<Scalar: TensorScalar>(_ a: [Scalar], _ b: [Scalar]) -> [Scalar] {
        sum(a, -1, b)
    }

    /// Whether every entry is finite.
    static func isFinite<Scalar: TensorScalar>(_ a: [Scalar]) -> Bool {
        for value in a where !value.isFinite { return false }
        return true
    }
}
