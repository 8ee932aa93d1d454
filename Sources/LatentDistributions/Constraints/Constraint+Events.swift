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
        // A kernel, so that a compiled step tests each replay's events. It
        // writes each event's 1 or 0 at the event's first element and 0 at
        // the others, so the sum over the event axes is that number exactly.
        let marks = try elementwiseKernel([x.detached], outputs: 1) { inputs, outputs, count in
            for start in stride(from: 0, to: count, by: Swift.max(eventSize, 1)) {
                let event = Array(UnsafeBufferPointer(start: inputs[0] + start, count: eventSize))
                outputs[0][start] = holds(for: event, shape: eventShape) ? 1 : 0
                for i in (start + 1)..<(start + eventSize) { outputs[0][i] = 0 }
            }
        }[0]
        return try marks.sum(alongAxes: Array((x.rank - eventRank)..<x.rank))
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
