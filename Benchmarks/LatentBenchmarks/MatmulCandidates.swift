import CGSL
import Foundation
import LatentCore

/// The Float products of the VAE (784-400-20, minibatch 128), its test-set
/// evaluation and 1024³, through each Debian-packaged GEMM on both cores:
/// OpenBLAS, which Latent links, beside BLIS and oneDNN loaded with
/// `dlopen` when installed (`apt install libblis-dev libdnnl-dev`). It
/// says plainly which are absent. GFLOP/s count 2·m·n·k per product.
enum MatmulCandidates {
    /// C = op(A)·op(B), row-major, m×n from an inner dimension k.
    struct Product {
        let name: String
        let m: Int, n: Int, k: Int
        let transposeA: Bool, transposeB: Bool
    }

    static let products = [
        Product(name: "encoder 128x784·784x400", m: 128, n: 400, k: 784, transposeA: false, transposeB: false),
        Product(name: "encoder weights' gradient Xᵀ·G", m: 784, n: 400, k: 128, transposeA: true, transposeB: false),
        Product(name: "decoder 128x400·400x784", m: 128, n: 784, k: 400, transposeA: false, transposeB: false),
        Product(name: "decoder weights' gradient Hᵀ·G", m: 400, n: 784, k: 128, transposeA: true, transposeB: false),
        Product(name: "decoder input's gradient G·Wᵀ", m: 128, n: 400, k: 784, transposeA: false, transposeB: true),
        Product(name: "test set 10000x784·784x400", m: 10_000, n: 400, k: 784, transposeA: false, transposeB: false),
        Product(name: "square 1024³", m: 1_024, n: 1_024, k: 1_024, transposeA: false, transposeB: false),
    ]

    /// A row-major sgemm: (transposeA, transposeB, m, n, k, A, B, C), with
    /// leading dimensions those of dense row-major operands.
    typealias Candidate = (Bool, Bool, Int, Int, Int, UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void

    static func run() throws {
        print("GEMM candidates (each product on \(ParallelChunks.threads) threads; GFLOP/s, higher is better):")
        let others = [("BLIS", blis()), ("oneDNN", oneDNN())]
        for (name, candidate) in others where candidate == nil {
            print("  \(name) is not installed: no figure for it")
        }
        var generator = Xoshiro256PlusPlus(seed: 3)
        for product in products {
            let a = try Tensor<Float>.randomNormal([product.m * product.k], using: &generator).scalars
            let b = try Tensor<Float>.randomNormal([product.k * product.n], using: &generator).scalars
            let openBLAS = withOpenBLASThreads { gigaflops(product, a, b, openBLASProduct) }
            report("  \(product.name) OpenBLAS", openBLAS, unit: "GFLOP/s", baseline: openBLAS, baselineName: "OpenBLAS")
            for case let (name, candidate?) in others {
                report("  \(product.name) \(name)", gigaflops(product, a, b, candidate), unit: "GFLOP/s",
                       baseline: openBLAS, baselineName: "OpenBLAS")
            }
        }
    }

    /// Best-of-batches GFLOP/s of `candidate` on `product`.
    static func gigaflops(_ product: Product, _ a: [Float], _ b: [Float], _ candidate: Candidate) -> Double {
        var c = [Float](repeating: 0, count: product.m * product.n)
        let seconds = secondsPerCall(batches: 5) {
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        candidate(product.transposeA, product.transposeB, product.m, product.n, product.k,
                                  pa.baseAddress!, pb.baseAddress!, pc.baseAddress!)
                    }
                }
            }
        }
        return 2 * Double(product.m * product.n * product.k) / seconds / 1e9
    }

    /// OpenBLAS's `cblas_sgemm`, which Latent links.
    static var openBLASProduct: Candidate { cblasProduct(cblas_sgemm) }

    /// A row-major product through a CBLAS `sgemm`.
    static func cblasProduct(_ sgemm: @escaping BLASProvenance.SGEMM) -> Candidate {
        { ta, tb, m, n, k, a, b, c in
            sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                  Int32(m), Int32(n), Int32(k), 1, a, Int32(ta ? m : k), b, Int32(tb ? k : n), 0, c, Int32(n))
        }
    }

    /// BLIS's CBLAS interface, set to use every core.
    static func blis() -> Candidate? {
        guard let library = dlopen("libblis.so.4", RTLD_NOW | RTLD_LOCAL),
              let gemm = dlsym(library, "cblas_sgemm"),
              let setThreads = dlsym(library, "bli_thread_set_num_threads")
        else { return nil }
        unsafeBitCast(setThreads, to: (@convention(c) (Int) -> Void).self)(ParallelChunks.threads)
        return cblasProduct(unsafeBitCast(gemm, to: BLASProvenance.SGEMM.self))
    }

    /// oneDNN's `dnnl_sgemm` (row-major; its OpenMP threads, one per core).
    static func oneDNN() -> Candidate? {
        typealias DNNLGEMM = @convention(c) (
            CChar, CChar, Int64, Int64, Int64, Float, UnsafePointer<Float>?, Int64,
            UnsafePointer<Float>?, Int64, Float, UnsafeMutablePointer<Float>?, Int64
        ) -> Int32
        guard let library = dlopen("libdnnl.so.2", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libdnnl.so.3", RTLD_NOW | RTLD_LOCAL),
              let gemm = dlsym(library, "dnnl_sgemm")
        else { return nil }
        let sgemm = unsafeBitCast(gemm, to: DNNLGEMM.self)
        let (no, yes) = (CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "T")))
        return { ta, tb, m, n, k, a, b, c in
            _ = sgemm(ta ? yes : no, tb ? yes : no, Int64(m), Int64(n), Int64(k), 1, a, Int64(ta ? m : k),
                      b, Int64(tb ? k : n), 0, c, Int64(n))
        }
    }
}
