import RealModule

/// The longer rules of the table, one function each.
extension DerivativeRules {
    /// d(bᵉ)/db = e·bᵉ⁻¹ (0 where e = 0); d(bᵉ)/de = bᵉ·log b (0 where
    /// b = 0 and e ≥ 0, the limit of the product).
    @inlinable
    static func powerGradients<S>(
        _ g: Tensor<S>, base: Tensor<S>, exponent: Tensor<S>, result: Tensor<S>, _ needsBase: Bool, _ needsExponent: Bool
    ) -> InputGradients<S> {
        let b = Kernels.broadcast(base, to: g.shape)
        let e = Kernels.broadcast(exponent, to: g.shape)
        var gradients: InputGradients<S> = (nil, nil, [])
        if needsBase {
            let local = Kernels.zip3(g, b, e) { g, b, e in e == 0 ? 0 : g * e * S.pow(b, e - 1) }
            gradients.first = Kernels.sum(local, toShape: base.shape)
        }
        if needsExponent {
            let gr = Kernels.zip(g, result, *)
            let local = Kernels.zip3(gr, b, e) { gr, b, e in b == 0 && e >= 0 ? 0 : gr * S.log(b) }
            gradients.second = Kernels.sum(local, toShape: exponent.shape)
        }
        return gradients
    }

    /// For min and max: the gradient goes to the operand that `wins`, and is
    /// shared equally on ties.
    @inlinable
    static func selectionGradients<S>(
        _ g: Tensor<S>, _ lhs: Tensor<S>, _ rhs: Tensor<S>, _ needsFirst: Bool, _ needsSecond: Bool,
        wins: (S, S) -> Bool
    ) -> InputGradients<S> {
        let a = Kernels.broadcast(lhs, to: g.shape)
        let b = Kernels.broadcast(rhs, to: g.shape)
        func share(_ x: Tensor<S>, _ y: Tensor<S>) -> Tensor<S> {
            Kernels.zip3(g, x, y) { g, x, y in wins(x, y) ? g : (x == y ? g / 2 : 0) }
        }
        return gradients(
            needsFirst ? Kernels.sum(share(a, b), toShape: lhs.shape) : nil,
            needsSecond ? Kernels.sum(share(b, a), toShape: rhs.shape) : nil)
    }

    /// For C = A·B: Ā = G·Bᵀ and B̄ = Aᵀ·G, summed over a batch where one
    /// side was shared. Transposes are BLAS flags, never copies.
    @inlinable
    static func matmulGradients<S>(
        _ g: Tensor<S>, _ lhs: Tensor<S>, _ rhs: Tensor<S>, _ needsFirst: Bool, _ needsSecond: Bool
    ) -> InputGradients<S> {
        let k = lhs.shape[lhs.rank - 1], n = rhs.shape[rhs.rank - 1]
        var result: InputGradients<S> = (nil, nil, [])
        if rhs.rank == 2 {
            let m = lhs.count / Swift.max(k, 1)
            if needsFirst {
                let out = TensorStorage<S>.make(uninitializedCount: m * k)
                Kernels.gemm(g.storage.base, false, rhs.storage.base, true, into: out.base, m: m, n: k, k: n)
                result.first = Tensor(shape: lhs.shape, storage: out)
            }
            if needsSecond {
                let out = TensorStorage<S>.make(uninitializedCount: k * n)
                Kernels.gemm(lhs.storage.base, true, g.storage.base, false, into: out.base, m: k, n: n, k: m)
                result.second = Tensor(shape: rhs.shape, storage: out)
            }
            return result
        }
        let m = lhs.shape[lhs.rank - 2]
        let batch = rhs.count / (k * n)
        let sharedLhs = lhs.rank == 2
        let lhsOut = needsFirst ? TensorStorage<S>.make(repeating: 0, count: lhs.count) : nil
        let rhsOut = needsSecond ? TensorStorage<S>.make(uninitializedCount: rhs.count) : nil
        for i in 0..<batch {
            let a = lhs.storage.base + (sharedLhs ? 0 : i * m * k)
            let gi = g.storage.base + i * m * n
            if let lhsOut {
                Kernels.gemm(gi, false, rhs.storage.base + i * k * n, true,
                             into: lhsOut.base + (sharedLhs ? 0 : i * m * k), m: m, n: k, k: n, accumulate: true)
            }
            if let rhsOut {
                Kernels.gemm(a, true, gi, false, into: rhsOut.base + i * k * n, m: k, n: n, k: m)
            }
        }
        result.first = lhsOut.map { Tensor(shape: lhs.shape, storage: $0) }
        result.second = rhsOut.map { Tensor(shape: rhs.shape, storage: $0) }
        return result
    }

    /// For A = L·Lᵀ (Murray 2016, as in PyTorch): with P = tril(Lᵀ·L̄) and
    /// S = ½(P + tril(P, −1)ᵀ), Ā = L⁻ᵀ·S·L⁻¹, a symmetric matrix: the
    /// gradient for symmetric perturbations of A.
    @inlinable
    static func choleskyGradient<S>(_ g: Tensor<S>, _ factor: Tensor<S>) -> Tensor<S> {
        let n = factor.shape[0]
        let product = TensorStorage<S>.make(uninitializedCount: n * n)
        Kernels.gemm(factor.storage.base, true, g.storage.base, false, into: product.base, m: n, n: n, k: n)
        let p = product.base
        let s = TensorStorage<S>.make(uninitializedCount: n * n)
        for i in 0..<n {
            for j in 0..<n {
                s.base[i * n + j] = i == j ? p[i * n + i] / 2 : (i > j ? p[i * n + j] : p[j * n + i]) / 2
            }
        }
        // X = L⁻ᵀ·S, then Ā = X·L⁻¹ = (L⁻ᵀ·Xᵀ)ᵀ.
        let x = Kernels.lowerTriangularSolve(factor, Tensor(shape: [n, n], storage: s), transposed: true)
        let xt = Kernels.permute(x, [1, 0])
        return Kernels.permute(Kernels.lowerTriangularSolve(factor, xt, transposed: true), [1, 0])
    }

    /// For X = L⁻¹·B: B̄ = L⁻ᵀ·X̄ and L̄ = −tril(B̄·Xᵀ). For X = L⁻ᵀ·B:
    /// B̄ = L⁻¹·X̄ and L̄ = −tril(X·B̄ᵀ).
    @inlinable
    static func triangularSolveGradients<S>(
        _ g: Tensor<S>, _ matrix: Tensor<S>, _ solution: Tensor<S>, _ transposed: Bool, _ needsMatrix: Bool
    ) -> InputGradients<S> {
        let n = matrix.shape[0], k = solution.shape[1]
        let bBar = Kernels.lowerTriangularSolve(matrix, g, transposed: !transposed)
        var result: InputGradients<S> = (nil, bBar, [])
        if needsMatrix {
            let out = TensorStorage<S>.make(uninitializedCount: n * n)
            if transposed {
                Kernels.gemm(solution.storage.base, false, bBar.storage.base, true, into: out.base, m: n, n: n, k: k)
            } else {
                Kernels.gemm(bBar.storage.base, false, solution.storage.base, true, into: out.base, m: n, n: n, k: k)
            }
            result.first = Kernels.map(Kernels.lowerTriangle(Tensor(shape: [n, n], storage: out)), -)
        }
        return result
    }
}
