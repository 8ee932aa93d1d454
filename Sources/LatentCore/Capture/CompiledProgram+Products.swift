// The matrix products of a compiled program (a dense layer's `affine` and
// `matmul` by a matrix), written straight into the program's buffers: the
// value into its slot, each input gradient into its gradient buffer where
// that is the buffer's first write, else through a scratch buffer of the
// program's. Nothing is allocated per run, and a first write needs neither
// a zeroed buffer nor a second pass to add the product into it. The
// arithmetic is the eager kernels' and rules' (the same `?gemm` calls on
// the same operands), so the values are the eager bits.

extension CompiledProgram {
    /// The dimensions of a product `lhs·rhs` ([…, m, k]·[k, n]) this file
    /// compiles, nil for other matrix products (batched, or by a vector).
    private func productDimensions(_ operation: Operation<Scalar>, _ x: [Tensor<Scalar>]) -> (m: Int, k: Int, n: Int)? {
        switch operation {
        case .matmul, .affine:
            guard x[0].rank >= 2, x[1].rank == 2 else { return nil }
            let (k, n) = (x[1].shape[0], x[1].shape[1])
            return (x[0].count / Swift.max(k, 1), k, n)
        default:
            return nil
        }
    }

    /// Whether a product of this file's runs on the calling thread alone
    /// (``Kernels/productRunsOnOneThread(m:n:k:)``).
    func productRunsOnOneThread(_ operation: Operation<Scalar>, _ x: [Tensor<Scalar>]) -> Bool {
        guard let (m, k, n) = productDimensions(operation, x) else { return false }
        return Kernels.productRunsOnOneThread(m: m, n: n, k: k)
    }

    /// The call writing the value of a product into `out`, nil for an
    /// operation that is not one of this file's.
    func forwardProduct(_ operation: Operation<Scalar>, _ x: [Tensor<Scalar>], into out: UnsafeMutablePointer<Scalar>) -> (() -> Void)? {
        guard let (m, k, n) = productDimensions(operation, x) else { return nil }
        let (a, b) = (UnsafePointer(x[0].storage.base), UnsafePointer(x[1].storage.base))
        if case .affine = operation {
            let bias = UnsafePointer(x[2].storage.base)
            return { Kernels.affine(a, b, bias: bias, into: out, m: m, k: k, n: n) }
        }
        return { Scalar.matrixProduct(a, transposeA: false, b, transposeB: false, into: out, m: m, n: n, k: k, accumulate: false) }
    }

    /// Appends the reverse call of a product: ∂lhs = g·rhsᵀ, ∂rhs = lhsᵀ·g
    /// and, for `affine`, ∂bias = g summed down its columns, each added
    /// into its tracked input's gradient buffer. Its assigning form
    /// (``assigningCalls``) writes them instead. Returns the buffers the
    /// call reads and writes; nil for an operation that is not one of this
    /// file's.
    func appendProductReverse(
        _ operation: Operation<Scalar>, _ x: [Tensor<Scalar>], g: TensorStorage<Scalar>, into targets: [TensorStorage<Scalar>?]
    ) -> GradientAccess<Scalar>? {
        guard let (m, k, n) = productDimensions(operation, x) else { return nil }
        let (lhs, rhs, gradient) = (UnsafePointer(x[0].storage.base), UnsafePointer(x[1].storage.base), UnsafePointer(g.base))
        let biasShape: [Int]? = if case let .affine(_, _, shape) = operation { shape } else { nil }
        let (lhsTarget, rhsTarget) = (targets[0], targets[1])
        let biasTarget = targets.count > 2 ? targets[2] : nil
        // A scratch buffer for each gradient the adding form adds in.
        let lhsScratch = UnsafeMutablePointer<Scalar>.allocate(capacity: lhsTarget == nil ? 1 : m * k)
        let rhsScratch = UnsafeMutablePointer<Scalar>.allocate(capacity: rhsTarget == nil ? 1 : k * n)
        scratches += [lhsScratch, rhsScratch]
        let gTensor = Tensor(shape: Array(x[0].shape.dropLast()) + [n], storage: g)
        // Two products each too small to split run side by side, one a
        // core: the same calls on the same operands, so the same bits. Not
        // when both add into one buffer (a square matrix times itself).
        let sideBySide = lhsTarget != nil && rhsTarget != nil && lhsTarget !== rhsTarget
            && Kernels.productRunsOnOneThread(m: m, n: k, k: n) && Kernels.productRunsOnOneThread(m: k, n: n, k: m)
        func pass(assigning: Bool) -> () -> Void {
            let lhsPart = lhsTarget.map { target in
                {
                    Kernels.gemm(gradient, false, rhs, true, into: assigning ? target.base : lhsScratch, m: m, n: k, k: n)
                    if !assigning { Kernels.add(lhsScratch, count: m * k, into: target.base) }
                }
            }
            let rhsPart = rhsTarget.map { target in
                {
                    Kernels.gemm(lhs, true, gradient, false, into: assigning ? target.base : rhsScratch, m: k, n: n, k: m)
                    if !assigning { Kernels.add(rhsScratch, count: k * n, into: target.base) }
                }
            }
            return {
                if sideBySide, let lhsPart, let rhsPart {
                    ParallelChunks.run(chunks: 2) { $0 == 0 ? lhsPart() : rhsPart() }
                } else {
                    lhsPart?()
                    rhsPart?()
                }
                if let target = biasTarget, let biasShape {
                    let part = Kernels.sum(gTensor, toShape: biasShape)
                    if assigning { target.base.update(from: part.storage.base, count: part.count) } else { Kernels.add(part, into: target) }
                }
            }
        }
        appendCall(to: &reverse, pass(assigning: false))
        assigningCalls[calls.count - 1] = pass(assigning: true)
        return GradientAccess(reads: g.base, writes: [lhsTarget, rhsTarget, biasTarget].compactMap { $0?.base })
    }
}
