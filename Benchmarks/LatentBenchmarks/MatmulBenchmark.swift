import CGSL
import LatentCore

/// GFLOP/s of Float matrix products through `Tensor` against `cblas_sgemm`
/// called directly on the same buffers.
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
            var c = [Float](repeating: 0, count: m * n)
            let direct = secondsPerCall {
                a.withUnsafeScalars { pa in
                    b.withUnsafeScalars { pb in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                                    pa.baseAddress, Int32(k), pb.baseAddress, Int32(n), 0, &c, Int32(n))
                    }
                }
            }
            // Higher is better here, so the ratio is Tensor / direct throughput.
            report("matmul \(m)x\(k)·\(k)x\(n) Float GFLOP/s", flops / viaTensor / 1e9, unit: "GFLOP/s",
                   baseline: flops / direct / 1e9, baselineName: "cblas_sgemm")
            if let reference = BLASProvenance.referenceSGEMM {
                let slow = secondsPerCall(batches: 2) {
                    a.withUnsafeScalars { pa in
                        b.withUnsafeScalars { pb in
                            reference(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                                      pa.baseAddress, Int32(k), pb.baseAddress, Int32(n), 0, &c, Int32(n))
                        }
                    }
                }
                report("  same product, GSL reference CBLAS", flops / slow / 1e9, unit: "GFLOP/s",
                       baseline: flops / direct / 1e9, baselineName: "OpenBLAS")
            }
        }
    }
}
