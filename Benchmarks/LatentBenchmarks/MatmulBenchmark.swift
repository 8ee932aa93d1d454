import CGSL
import LatentCore

/// GFLOP/s of Float matrix products through `Tensor` against `cblas_sgemm`
/// called directly on the same buffers (on OpenBLAS's own threads), and
/// GSL's reference CBLAS beside them to show which library did the work.
enum MatmulBenchmark {
    static func run() throws {
        print("BLAS: cblas_sgemm resolves to \(BLASProvenance.resolvedLibrary)")
        print("      \(BLASProvenance.openBLASConfiguration)")
        var generator = Xoshiro256PlusPlus(seed: 1)
        for (m, k, n) in [(128, 784, 400), (128, 400, 784)] {
            let a = try Tensor<Float>.randomNormal([m, k], using: &generator)
            let b = try Tensor<Float>.randomNormal([k, n], using: &generator)
            let flops = 2.0 * Double(m * n * k)
            let viaTensor = try secondsPerCall { consume(try matmul(a, b)) }
            let direct = secondsPerProduct(a, b, m: m, k: k, n: n, using: cblas_sgemm)
            // Higher is better here, so the ratio is Tensor / direct throughput.
            report("matmul \(m)x\(k)·\(k)x\(n) Float GFLOP/s", flops / viaTensor / 1e9, unit: "GFLOP/s",
                   baseline: flops / direct / 1e9, baselineName: "cblas_sgemm")
            if let reference = BLASProvenance.referenceSGEMM {
                let slow = secondsPerProduct(a, b, m: m, k: k, n: n, batches: 2, using: reference)
                report("  same product, GSL reference CBLAS", flops / slow / 1e9, unit: "GFLOP/s",
                       baseline: flops / direct / 1e9, baselineName: "OpenBLAS")
            }
        }
        // A binarised minibatch (13% ones, as MNIST's) times the first layer's weights: the sparse path.
        let binary = try Tensor<Float>(shape: [128, 784], scalars: (0..<(128 * 784)).map { _ in
            Float.randomUniform(using: &generator) < 0.13 ? 1 : 0
        })
        let weights = try Tensor<Float>.randomNormal([784, 400], using: &generator)
        let sparse = try secondsPerCall { consume(try matmul(binary, weights)) }
        report("matmul 128x784·784x400, 13% ones on the left", sparse * 1e3, unit: "ms",
               baseline: secondsPerProduct(binary, weights, m: 128, k: 784, n: 400, using: cblas_sgemm) * 1e3,
               baselineName: "dense cblas_sgemm")
        try MatmulCandidates.run()
    }

    /// Latent's product (which takes the sparse path at or below its
    /// density threshold) beside dense `cblas_sgemm`, for left operands of
    /// rising density: 0/1 entries (binarised images) and positive reals
    /// (a ReLU layer's output, grey levels), at the decoder's output
    /// product in a training step (128 rows) and in `vae eval` (2,048
    /// rows), and at the Gaussian VAE's first layer (grey levels, 19%
    /// nonzero) in a training step.
    static func sparsitySweep() throws {
        var generator = Xoshiro256PlusPlus(seed: 9)
        for (rows, k, n) in [(128, 400, 784), (2_048, 400, 784), (128, 784, 512)] {
            let weights = try Tensor<Float>.randomNormal([k, n], using: &generator)
            for density in [0.05, 0.08, 0.1, 0.125, 0.15, 0.2, 0.25] {
                for binary in [true, false] {
                    let left = try Tensor<Float>(shape: [rows, k], scalars: (0..<(rows * k)).map { _ in
                        Float.randomUniform(using: &generator) < Float(density) ? (binary ? 1 : Float.randomUniform(using: &generator) + 0.1) : 0
                    })
                    let latent = try secondsPerCall { consume(try matmul(left, weights)) }
                    let dense = secondsPerProduct(left, weights, m: rows, k: k, n: n, using: cblas_sgemm)
                    report(String(format: "matmul %dx%d·%dx%d, %.1f%% %@ on the left", rows, k, k, n, density * 100, binary ? "ones" : "reals"),
                           latent * 1e3, unit: "ms", baseline: dense * 1e3, baselineName: "dense cblas_sgemm")
                }
            }
        }
    }

    /// Seconds per `C = A·B` through the given `sgemm`.
    static func secondsPerProduct(
        _ a: Tensor<Float>, _ b: Tensor<Float>, m: Int, k: Int, n: Int, batches: Int = 7,
        using sgemm: BLASProvenance.SGEMM
    ) -> Double {
        var c = [Float](repeating: 0, count: m * n)
        return withOpenBLASThreads { secondsPerCall(batches: batches) {
            a.withUnsafeScalars { pa in
                b.withUnsafeScalars { pb in
                    sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                          pa.baseAddress, Int32(k), pb.baseAddress, Int32(n), 0, &c, Int32(n))
                }
            }
        } }
    }
}
