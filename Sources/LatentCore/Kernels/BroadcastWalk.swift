/// Visits a broadcast iteration space one innermost row at a time.
///
/// For every row of the output (all indices but the last), `body` receives
/// the offset of the row in the output, the offsets of the matching scalars
/// in each operand, and each operand's stride along the last axis (0 when
/// that operand is repeated along it). Work per scalar stays in the caller's
/// loop; this walk costs one call per row.
@usableFromInline
struct BroadcastWalk {
    @usableFromInline let shape: [Int]
    @usableFromInline let stridesA: [Int]
    @usableFromInline let stridesB: [Int]

    @inlinable
    init(shape: [Int], a: [Int], b: [Int]) {
        self.shape = shape
        self.stridesA = Shape.broadcastStrides(of: a, to: shape)
        self.stridesB = Shape.broadcastStrides(of: b, to: shape)
    }

    @inlinable
    func forEachRow(
        _ body: (_ out: Int, _ a: Int, _ b: Int, _ length: Int, _ strideA: Int, _ strideB: Int) -> Void
    ) {
        let rank = shape.count
        guard rank > 0 else {
            body(0, 0, 0, 1, 0, 0)
            return
        }
        let length = shape[rank - 1]
        let rows = Shape.count(of: shape) / Swift.max(length, 1)
        guard length > 0 && rows > 0 else { return }
        var counter = [Int](repeating: 0, count: rank)
        var offsetA = 0
        var offsetB = 0
        for row in 0..<rows {
            body(row * length, offsetA, offsetB, length, stridesA[rank - 1], stridesB[rank - 1])
            // Advance the odometer over the outer axes.
            var axis = rank - 2
            while axis >= 0 {
                counter[axis] += 1
                offsetA += stridesA[axis]
                offsetB += stridesB[axis]
                if counter[axis] < shape[axis] { break }
                offsetA -= stridesA[axis] * shape[axis]
                offsetB -= stridesB[axis] * shape[axis]
                counter[axis] = 0
                axis -= 1
            }
        }
    }
}
