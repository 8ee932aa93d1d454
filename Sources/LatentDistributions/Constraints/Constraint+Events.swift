import LatentCore

/// Constraints on vectors and matrices, checked one event at a time.
extension Constraint {
    func eventwise(_ x: Tensor<Scalar>) throws -> Tensor<Scalar> {
        guard x.rank >= eventRank else {
            throw TensorError.invalidShape(
                operation: "Constraint.mask", shape: x.shape, reason: "has fewer axes than an event (\(eventRank))")
        }
        let eventShape = Array(x.shape.suffix(eventRank))
        let eventSize = eventShape.reduce(1, *)
        let batch = Array(x.shape.dropLast(eventRank))
        let scalars = x.scalars
        let values: [Scalar] = stride(from: 0, to: scalars.count, by: Swift.max(eventSize, 1)).map { start in
            let event = Array(scalars[start..<(start + eventSize)])
            return holds(for: event, shape: eventShape) ? 1 : 0
        }
        return try Tensor(shape: batch, scalars: values)
    }

    /// Round-off allowed in sums and norms: about the square root of the
    /// precision (1.5e-8 in Double, 3.5e-4 in Float) times four.
    private var tolerance: Scalar { 4 * Scalar.ulpOfOne.squareRoot() }

    private func holds(for event: [Scalar], shape: [Int]) -> Bool {
        guard event.allSatisfy({ !$0.isNaN }) else { return false }
        switch self {
        case .simplex:
            return event.allSatisfy { $0 >= 0 } && Swift.abs(event.reduce(0, +) - 1) <= tolerance
        case .ordered:
            return zip(event, event.dropFirst()).allSatisfy { $0 < $1 }
        case .positiveOrdered:
            return (event.first ?? 1) > 0 && zip(event, event.dropFirst()).allSatisfy { $0 < $1 }
        case .oneHot:
            return event.allSatisfy { $0 == 0 || $0 == 1 } && event.reduce(0, +) == 1
        case .lowerCholesky:
            return isLowerTriangularWithPositiveDiagonal(event, n: shape[0], m: shape[1])
        case .correlationCholesky:
            let n = shape[0]
            return isLowerTriangularWithPositiveDiagonal(event, n: n, m: shape[1])
                && (0..<n).allSatisfy { i in
                    Swift.abs((0...i).reduce(Scalar(0)) { $0 + event[i * n + $1] * event[i * n + $1] } - 1) <= tolerance
                }
        case .positiveDefinite:
            let n = shape[0]
            guard shape[0] == shape[1] else { return false }
            let symmetric = (0..<n).allSatisfy { i in
                (0..<i).allSatisfy { j in Swift.abs(event[i * n + j] - event[j * n + i]) <= tolerance * Swift.max(1, Swift.abs(event[i * n + j])) }
            }
            guard symmetric, let matrix = try? Tensor(shape: shape, scalars: event) else { return false }
            return (try? matrix.cholesky()) != nil
        default:
            return true
        }
    }

    private func isLowerTriangularWithPositiveDiagonal(_ event: [Scalar], n: Int, m: Int) -> Bool {
        guard n == m else { return false }
        return (0..<n).allSatisfy { i in
            event[i * n + i] > 0 && ((i + 1)..<Swift.max(n, i + 1)).allSatisfy { event[i * n + $0] == 0 }
        }
    }
}
