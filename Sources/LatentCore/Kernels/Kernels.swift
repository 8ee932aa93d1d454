import RealModule

/// The loops behind tensor operations, unchecked and untracked, over
/// contiguous buffers. `map` is one loop; `zip` has a loop for each common
/// broadcasting pattern (equal shapes, a scalar on either side, a leading or
/// trailing block of the result's shape) and a strided walk for the rest;
/// reductions likewise. Public operations validate their input and record
/// themselves for differentiation, then reach these through the kernels of
/// ``TensorScalar``; derivative rules call them directly.
@usableFromInline
enum Kernels {
    /// `f` applied to every scalar.
    @inlinable @inline(__always)
    static func map<S: TensorScalar>(_ x: Tensor<S>, _ f: (S) -> S) -> Tensor<S> {
        let n = x.count
        let out = TensorStorage<S>.make(uninitializedCount: n)
        let src = x.storage.base
        let dst = out.base
        for i in 0..<n { dst[i] = f(src[i]) }
        return Tensor(shape: x.shape, storage: out)
    }

    /// `f` applied to matching scalars of two tensors whose shapes broadcast
    /// to `shape` (already checked by the caller).
    @inlinable @inline(__always)
    static func zip<S: TensorScalar>(
        _ a: Tensor<S>, _ b: Tensor<S>, shape: [Int], _ f: (S, S) -> S
    ) -> Tensor<S> {
        let n = Shape.count(of: shape)
        let out = TensorStorage<S>.make(uninitializedCount: n)
        let pa = a.storage.base, pb = b.storage.base, dst = out.base
        if a.count == n && b.count == n {
            for i in 0..<n { dst[i] = f(pa[i], pb[i]) }
        } else if b.count == 1 && a.count == n {
            let y = pb[0]
            for i in 0..<n { dst[i] = f(pa[i], y) }
        } else if a.count == 1 && b.count == n {
            let x = pa[0]
            for i in 0..<n { dst[i] = f(x, pb[i]) }
        } else if a.count != n && (b.count == 1 || b.count == n) && Shape.isLeadingBlock(a.shape, of: shape) {
            // Each element of a repeated over a contiguous run (a gradient
            // broadcast back over the axes a sum removed).
            let length = n / a.count
            for r in 0..<a.count {
                let (x, offset) = (pa[r], r * length)
                if b.count == 1 {
                    let y = pb[0]
                    for j in 0..<length { dst[offset + j] = f(x, y) }
                } else {
                    for j in 0..<length { dst[offset + j] = f(x, pb[offset + j]) }
                }
            }
        } else if a.count == n && Shape.isTrailingBlock(b.shape, of: shape) {
            // A row vector (a bias) against every row: contiguous inner loops.
            let m = b.count
            for r in 0..<(n / m) {
                let offset = r * m
                for j in 0..<m { dst[offset + j] = f(pa[offset + j], pb[j]) }
            }
        } else if b.count == n && Shape.isTrailingBlock(a.shape, of: shape) {
            let m = a.count
            for r in 0..<(n / m) {
                let offset = r * m
                for j in 0..<m { dst[offset + j] = f(pa[j], pb[offset + j]) }
            }
        } else {
            BroadcastWalk(shape: shape, a: a.shape, b: b.shape).forEachRow { o, ia, ib, length, sa, sb in
                for j in 0..<length { dst[o + j] = f(pa[ia + j * sa], pb[ib + j * sb]) }
            }
        }
        return Tensor(shape: shape, storage: out)
    }

    /// `f` applied to matching scalars of three tensors of one shape.
    @inlinable @inline(__always)
    static func zip3<S: TensorScalar>(
        _ a: Tensor<S>, _ b: Tensor<S>, _ c: Tensor<S>, _ f: (S, S, S) -> S
    ) -> Tensor<S> {
        let n = a.count
        let out = TensorStorage<S>.make(uninitializedCount: n)
        let pa = a.storage.base, pb = b.storage.base, pc = c.storage.base, dst = out.base
        for i in 0..<n { dst[i] = f(pa[i], pb[i], pc[i]) }
        return Tensor(shape: a.shape, storage: out)
    }

    /// `x` repeated along its size-1 (or missing) dimensions to `shape`.
    @inlinable
    static func broadcast<S: TensorScalar>(_ x: consuming Tensor<S>, to shape: [Int]) -> Tensor<S> {
        if x.shape == shape { return x }
        if Shape.isTrailingBlock(x.shape, of: shape) {
            // Whole copies of x laid end to end (the same images under many draws).
            let out = TensorStorage<S>.make(uninitializedCount: Shape.count(of: shape))
            let length = x.count
            for copy in 0..<(out.count / length) { (out.base + copy * length).update(from: x.storage.base, count: length) }
            return Tensor(shape: shape, storage: out)
        }
        let zero = Tensor<S>(shape: [], storage: TensorStorage.make(repeating: 0, count: 1))
        return zip(x, zero, shape: shape) { value, _ in value }
    }

    /// The sum of `x` over the dimensions along which `shape` was broadcast
    /// to `x.shape`: the adjoint of ``broadcast(_:to:)``.
    @inlinable
    static func sum<S: TensorScalar>(_ x: consuming Tensor<S>, toShape shape: [Int]) -> Tensor<S> {
        if x.shape == shape { return x }
        // A shape with fewer axes is first padded with leading ones.
        let padded = [Int](repeating: 1, count: x.rank - shape.count) + shape
        let n = Shape.count(of: padded)
        if n == 1 || Shape.isLeadingBlock(padded, of: x.shape) {
            // Each output the sum of one contiguous run (a log-likelihood
            // summed over an image's pixels), many rows on all cores (each
            // row's sum one thread's, in the same order whatever the split).
            let out = TensorStorage<S>.make(uninitializedCount: n)
            let length = x.count / Swift.max(n, 1)
            let (source, target) = (x.storage.base, out.base)
            ParallelChunks.forEach(count: n, minimumChunk: Swift.max(1, ParallelChunks.minimumChunk / Swift.max(length, 1)),
                                   alignment: 1) { rows in
                for r in rows { target[r] = sumOfRun(source + r * length, count: length) }
            }
            return Tensor(shape: shape, storage: out)
        }
        if Shape.isTrailingBlock(padded, of: x.shape) {
            // Whole rows added onto one (a bias's gradient), eight columns at
            // a time; each output still sums its column in row order.
            let out = TensorStorage<S>.make(repeating: 0, count: n)
            let whole = n / 8 * 8
            for r in 0..<(x.count / n) {
                let row = x.storage.base + r * n
                for j in stride(from: 0, to: whole, by: 8) {
                    let sum = UnsafeRawPointer(out.base + j).loadUnaligned(as: SIMD8<S>.self)
                        + UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<S>.self)
                    UnsafeMutableRawPointer(out.base + j).storeBytes(of: sum, as: SIMD8<S>.self)
                }
                for j in whole..<n { out.base[j] += row[j] }
            }
            return Tensor(shape: shape, storage: out)
        }
        let result = reduce(x, toShape: padded, initial: 0, +)
        return Tensor(shape: shape, storage: result.storage)
    }

    /// The sum of `count` contiguous scalars in eight interleaved partial
    /// sums (vector lanes; also a smaller rounding error than one running
    /// sum), then the rest.
    @inlinable
    static func sumOfRun<S: TensorScalar>(_ p: UnsafePointer<S>, count: Int) -> S {
        var lanes = SIMD8<S>(repeating: 0)
        let whole = count / 8 * 8
        for start in stride(from: 0, to: whole, by: 8) {
            lanes += UnsafeRawPointer(p + start).loadUnaligned(as: SIMD8<S>.self)
        }
        var total = lanes.sum()
        for i in whole..<count { total += p[i] }
        return total
    }

    /// Σ x·0 over `count` contiguous scalars: 0 when all are finite, NaN
    /// otherwise. Eight lanes at a time in four independent sums, so that
    /// the additions do not wait on each other.
    @inlinable
    static func sumOfZeroTimes<S: TensorScalar>(_ p: UnsafePointer<S>, count: Int) -> S {
        @inline(__always) func zeroTimes(_ i: Int) -> SIMD8<S> { UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<S>.self) * 0 }
        let zero = SIMD8<S>(repeating: 0)
        var (l0, l1, l2, l3) = (zero, zero, zero, zero)
        var i = 0
        while i + 32 <= count {
            l0 += zeroTimes(i)
            l1 += zeroTimes(i + 8)
            l2 += zeroTimes(i + 16)
            l3 += zeroTimes(i + 24)
            i += 32
        }
        while i + 8 <= count {
            l0 += zeroTimes(i)
            i += 8
        }
        var total = ((l0 + l1) + (l2 + l3)).sum()
        while i < count {
            total += p[i] * 0
            i += 1
        }
        return total
    }

    /// `x` folded with `combine` over the axes where `shape` (same rank as
    /// `x`) has size 1 and `x` does not.
    @inlinable @inline(__always)
    static func reduce<S: TensorScalar>(
        _ x: Tensor<S>, toShape shape: [Int], initial: S, _ combine: (S, S) -> S
    ) -> Tensor<S> {
        let n = Shape.count(of: shape)
        let out = TensorStorage<S>.make(repeating: initial, count: n)
        let src = x.storage.base, dst = out.base
        if n == 1 {
            var total = initial
            for i in 0..<x.count { total = combine(total, src[i]) }
            dst[0] = total
        } else if Shape.isLeadingBlock(shape, of: x.shape) {
            // Folding each row to one value (a sum over trailing axes): contiguous runs.
            let length = x.count / n
            for r in 0..<n {
                var total = initial
                let offset = r * length
                for j in 0..<length { total = combine(total, src[offset + j]) }
                dst[r] = total
            }
        } else if Shape.isTrailingBlock(shape, of: x.shape) {
            // Folding whole rows onto one (a bias's gradient): row by row.
            for r in 0..<(x.count / n) {
                let offset = r * n
                for j in 0..<n { dst[j] = combine(dst[j], src[offset + j]) }
            }
        } else {
            BroadcastWalk(shape: x.shape, a: shape, b: []).forEachRow { o, ia, _, length, sa, _ in
                if sa == 0 {
                    var total = dst[ia]
                    for j in 0..<length { total = combine(total, src[o + j]) }
                    dst[ia] = total
                } else {
                    for j in 0..<length { dst[ia + j] = combine(dst[ia + j], src[o + j]) }
                }
            }
        }
        return Tensor(shape: shape, storage: out)
    }

    /// log Σ exp(x) over the axes where `shape` has size 1, shifted by the
    /// maximum so that nothing overflows; −∞ where every term is −∞.
    @inlinable
    static func logSumExp<S: TensorScalar>(_ x: Tensor<S>, toShape shape: [Int]) -> Tensor<S> {
        let peak = reduce(x, toShape: shape, initial: -.infinity) { S.maximumOrNaN($0, $1) }
        let shift = map(peak) { $0.isFinite ? $0 : 0 }
        let terms = zip(x, shift, shape: x.shape) { S.exp($0 - $1) }
        let total = reduce(terms, toShape: shape, initial: 0, +)
        return zip(total, shift, shape: shape) { S.log($0) + $1 }
    }

    /// A tensor of `shape` filled with `value`.
    @inlinable
    static func full<S: TensorScalar>(_ value: S, shape: [Int]) -> Tensor<S> {
        Tensor(shape: shape, storage: TensorStorage.make(repeating: value, count: Shape.count(of: shape)))
    }
}

extension Kernels {
    /// `f` applied to matching scalars of two tensors of one shape.
    @inlinable @inline(__always)
    static func zip<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>, _ f: (S, S) -> S) -> Tensor<S> {
        zip(a, b, shape: a.shape, f)
    }
}
