/// The matrix product, through BLAS `?gemm`.
///
/// - `[…, m, k] · [k, n]` → `[…, m, n]` (one GEMM over all leading rows),
/// - `[m, k] · […, k, n]` and `[…, m, k] · […, k, n]` (same batch) → `[…, m, n]`,
/// - a rank-1 operand is a row (left) or a column (right) vector, and its
///   axis is dropped from the result, as in NumPy's `matmul` (two vectors
///   give their dot product, a rank-0 tensor).
/// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)`` when the inner
///   dimensions or batch dimensions differ, or an operand is rank 0.
@inlinable
public func matmul<S>(_ a: Tensor<S>, _ b: Tensor<S>) throws -> Tensor<S> {
    let mismatch = TensorError.shapeMismatch(operation: "matmul", lhs: a.shape, rhs: b.shape)
    guard a.rank >= 1, b.rank >= 1, a.shape[a.rank - 1] == b.shape[Swift.max(b.rank - 2, 0)] else { throw mismatch }
    if a.rank > 2 && b.rank > 2 && a.shape.dropLast(2) != b.shape.dropLast(2) { throw mismatch }
    if a.rank == 1 && b.rank == 1 {
        return try matmul(a.reshapedUnchecked(to: [1, a.count]), b.reshapedUnchecked(to: [b.count, 1])).reshaped(to: [])
    }
    if a.rank == 1 {
        return try matmul(a.reshapedUnchecked(to: [1, a.count]), b).squeezingShape(at: -2)
    }
    if b.rank == 1 {
        return try matmul(a, b.reshapedUnchecked(to: [b.count, 1])).squeezingShape(at: -1)
    }
    return Kernels.matmul(a, b).recorded(.matmul(lhs: a.detached, rhs: b.detached), inputs: a, b)
}

/// `a·b + bias` for `a` [m, k] (or [..., m, k], its leading axes taken as
/// more rows), a matrix `b` [k, n] and a row `bias` of n scalars (shape [n]
/// or [1, n]), as one operation: the bias is written into the result and
/// the product accumulated onto it by `?gemm` (β = 1), so there is no
/// separate pass for the addition (PyTorch's `addmm`, a dense layer's
/// forward step, also on a batch of draws). Other shapes fall back to
/// `matmul(a, b) + bias`.
/// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)`` as
///   ``matmul(_:_:)`` and `+` do.
@inlinable
public func matmul<S>(_ a: Tensor<S>, _ b: Tensor<S>, adding bias: Tensor<S>) throws -> Tensor<S> {
    let n = b.shape.last ?? 0
    guard a.rank >= 2, b.rank == 2, a.shape[a.rank - 1] == b.shape[0], bias.count == n, bias.shape.last == n, bias.rank <= 2 else {
        return try matmul(a, b) + bias
    }
    return Kernels.affine(a, b, bias: bias)
        .recorded(.affine(lhs: a.detached, rhs: b.detached, biasShape: bias.shape), inputs: [a, b, bias])
}

extension Kernels {
    /// `a·b + bias` for shapes already checked by ``matmul(_:_:adding:)``:
    /// the bias written into every row, the product accumulated onto it.
    @inlinable
    static func affine<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>, bias: Tensor<S>) -> Tensor<S> {
        let k = b.shape[0], n = b.shape[1]
        let m = a.count / Swift.max(k, 1)
        let out = TensorStorage<S>.make(uninitializedCount: m * n)
        affine(a.storage.base, b.storage.base, bias: bias.storage.base, into: out.base, m: m, k: k, n: n)
        return Tensor(shape: Array(a.shape.dropLast()) + [n], storage: out)
    }

    /// `out ← a·b + bias` for a m×k, b k×n, a bias row of n and out m×n,
    /// row-major: the eager operation's arithmetic, into a buffer the
    /// caller owns (a compiled program's). The bias rows are written on
    /// all cores in chunks of at least 2¹⁴ scalars (64 KB of Float, where
    /// the copy outlasts handing it to a thread).
    @inlinable
    static func affine<S: TensorScalar>(
        _ a: UnsafePointer<S>, _ b: UnsafePointer<S>, bias: UnsafePointer<S>, into out: UnsafeMutablePointer<S>, m: Int, k: Int, n: Int
    ) {
        ParallelChunks.forEach(count: m, minimumChunk: Swift.max(1, (1 << 14) / Swift.max(n, 1)), alignment: 1) { rows in
            for row in rows { (out + row * n).update(from: bias, count: n) }
        }
        S.matrixProduct(a, transposeA: false, b, transposeB: false, into: out, m: m, n: n, k: k, accumulate: true)
    }

    /// `a · b` for shapes already checked by ``matmul(_:_:)``.
    @inlinable
    static func matmul<S: TensorScalar>(_ a: Tensor<S>, _ b: Tensor<S>) -> Tensor<S> {
        let k = a.shape[a.rank - 1], n = b.shape[b.rank - 1]
        if b.rank == 2 {
            let m = a.count / Swift.max(k, 1)
            let out = TensorStorage<S>.make(uninitializedCount: m * n)
            S.matrixProduct(a.storage.base, transposeA: false, b.storage.base, transposeB: false, into: out.base,
                            m: m, n: n, k: k, accumulate: false)
            return Tensor(shape: Array(a.shape.dropLast()) + [n], storage: out)
        }
        let m = a.shape[a.rank - 2]
        let batch = b.count / (k * n)
        let out = TensorStorage<S>.make(uninitializedCount: batch * m * n)
        for i in 0..<batch {
            let lhs = a.rank == 2 ? a.storage.base : a.storage.base + i * m * k
            S.matrixProduct(lhs, transposeA: false, b.storage.base + i * k * n, transposeB: false,
                            into: out.base + i * m * n, m: m, n: n, k: k, accumulate: false)
        }
        return Tensor(shape: Array(b.shape.dropLast(2)) + [m, n], storage: out)
    }

    /// `C (+)= op(A)·op(B)` with `op(A)` m×k and `op(B)` k×n, row-major and
    /// dense. A product with a single column or row goes to `?gemv`, which
    /// does not pay GEMM's packing and threading costs for it; a mostly-zero
    /// left operand to ``sparseTimesDense(_:transposed:_:into:m:n:k:accumulate:)``;
    /// the rest to ``blockedGEMM(_:_:_:_:into:m:n:k:beta:)``.
    @inlinable
    static func gemm<S: TensorScalar>(
        _ a: UnsafePointer<S>, _ transposeA: Bool, _ b: UnsafePointer<S>, _ transposeB: Bool,
        into c: UnsafeMutablePointer<S>, m: Int, n: Int, k: Int, accumulate: Bool = false
    ) {
        guard m > 0 && n > 0 else { return }
        _ = blasOnCallingThread
        guard k > 0 else {
            if !accumulate { c.update(repeating: 0, count: m * n) }
            return
        }
        let beta: S = accumulate ? 1 : 0
        if n == 1 {
            // op(A)·b: A is stored m×k, or k×m when transposed.
            S.gemv(transpose: transposeA, rows: transposeA ? k : m, columns: transposeA ? m : k, alpha: 1, a: a, x: b, beta: beta, y: c)
            return
        }
        if m == 1 {
            // (aᵀ·op(B))ᵀ = op(B)ᵀ·a: B is stored k×n, or n×k when transposed.
            S.gemv(transpose: !transposeB, rows: transposeB ? n : k, columns: transposeB ? k : n, alpha: 1, a: b, x: a, beta: beta, y: c)
            return
        }
        if !transposeB && sparseProductIsWorthIt(a, count: m * k, m: m, n: n, k: k) {
            sparseTimesDense(a, transposed: transposeA, b, into: c, m: m, n: n, k: k, accumulate: accumulate)
            return
        }
        blockedGEMM(a, transposeA, b, transposeB, into: c, m: m, n: n, k: k, beta: beta)
    }
}
