/// Shape arithmetic: validation, counts, strides and NumPy broadcasting.
@usableFromInline
enum Shape {
    /// The most scalars a tensor may hold: its bytes (8 a scalar at most)
    /// must be countable in an `Int`.
    @usableFromInline
    static let maximumCount = Int.max / 8

    /// Throws unless every dimension is non-negative and the count fits
    /// ``maximumCount`` (a product that would overflow is refused, not
    /// computed). The nonzero dimensions of an empty tensor must fit too:
    /// strides and the products of leading axes multiply them.
    @inlinable
    static func validate(_ shape: [Int], operation: String) throws {
        if shape.contains(where: { $0 < 0 }) {
            throw TensorError.invalidShape(operation: operation, shape: shape, reason: "has a negative dimension")
        }
        let extent = shape.reduce(1.0) { $1 == 0 ? $0 : $0 * Double($1) }
        if shape.contains(0), extent > Double(maximumCount) {
            throw TensorError.invalidShape(
                operation: operation, shape: shape,
                reason: "has nonzero dimensions whose product exceeds what an address space can count (\(maximumCount))")
        }
        try validateCount(shape.reduce(1.0) { $0 * Double($1) }, shape: shape, operation: operation)
    }

    /// Throws when `count` scalars are more than a tensor may hold.
    @inlinable
    static func validateCount(_ count: Double, shape: [Int], operation: String) throws {
        guard count <= Double(maximumCount) else {
            throw TensorError.invalidShape(
                operation: operation, shape: shape, reason: "holds more scalars than an address space can (at most \(maximumCount))")
        }
    }

    @inlinable
    static func count(of shape: [Int]) -> Int {
        var n = 1
        for d in shape { n *= d }
        return n
    }

    /// Whether `block`, leading 1s aside, is the trailing part of `shape`
    /// with more than one element: then a tensor of `shape` is whole copies
    /// of a `block`-shaped one laid end to end (a row broadcast).
    @inlinable
    static func isTrailingBlock(_ block: [Int], of shape: [Int]) -> Bool {
        var start = 0
        while start < block.count && block[start] == 1 { start += 1 }
        let trimmed = block[start...]
        guard !trimmed.isEmpty, trimmed.count <= shape.count, count(of: Array(trimmed)) > 1 else { return false }
        return Array(shape.suffix(trimmed.count)) == Array(trimmed) && block.count <= shape.count
    }

    /// Whether `reduced` (same rank as `shape`) keeps a leading run of
    /// `shape`'s axes and has size 1 on all the others: a fold over the
    /// trailing axes, each output element a contiguous run of the input.
    @inlinable
    static func isLeadingBlock(_ reduced: [Int], of shape: [Int]) -> Bool {
        guard reduced.count == shape.count else { return false }
        var axis = 0
        while axis < shape.count && reduced[axis] == shape[axis] { axis += 1 }
        for rest in axis..<shape.count where reduced[rest] != 1 { return false }
        return axis < shape.count
    }

    /// Row-major strides, in scalars.
    @inlinable
    static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in shape.indices.reversed() {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// The NumPy broadcast of two shapes: align on the right, and each pair
    /// of sizes must be equal or contain a 1.
    @inlinable
    static func broadcast(_ a: [Int], _ b: [Int], operation: String) throws -> [Int] {
        if a == b { return a }
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard da == db || da == 1 || db == 1 else {
                throw TensorError.shapeMismatch(operation: operation, lhs: a, rhs: b)
            }
            result[i] = da == 1 ? db : da
        }
        return result
    }

    /// Whether `shape` broadcasts to `target` without changing `target`.
    @inlinable
    static func broadcasts(_ shape: [Int], to target: [Int]) -> Bool {
        guard shape.count <= target.count else { return false }
        let offset = target.count - shape.count
        for (i, d) in shape.enumerated() where d != 1 && d != target[i + offset] {
            return false
        }
        return true
    }

    /// Strides for reading a tensor of `shape` as if it had the broadcast
    /// shape `target`: zero along the dimensions it is repeated over.
    @inlinable
    static func broadcastStrides(of shape: [Int], to target: [Int]) -> [Int] {
        let own = strides(of: shape)
        let offset = target.count - shape.count
        var result = [Int](repeating: 0, count: target.count)
        for i in shape.indices where shape[i] != 1 {
            result[i + offset] = own[i]
        }
        return result
    }

    /// `axis` in `0..<rank`, accepting negative axes counted from the end.
    @inlinable
    static func normalize(axis: Int, rank: Int, operation: String) throws -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard resolved >= 0 && resolved < rank else {
            throw TensorError.invalidAxis(operation: operation, axis: axis, rank: rank)
        }
        return resolved
    }
}

extension Shape {
    /// A shape seen as `outer × size × inner` around `axis`: the product of
    /// the axes before it, its own size, and the product of those after.
    @inlinable
    static func split(_ shape: [Int], at axis: Int) -> (outer: Int, size: Int, inner: Int) {
        (count(of: Array(shape[..<axis])), shape[axis], count(of: Array(shape[(axis + 1)...])))
    }
}

/// The shape that tensors of shapes `a` and `b` broadcast to, by NumPy's
/// rules, or nil when they do not broadcast.
@inlinable
public func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
    try? Shape.broadcast(a, b, operation: "broadcastShape")
}
