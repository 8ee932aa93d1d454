import Foundation
import Latent
import LatentApplication

/// The second MNIST training epoch of the 784-400-20 VAE (Bernoulli
/// likelihood on images binarised afresh, analytic KL, batch 128, Adam
/// 1e-3, Float), training only, the first printed apart, beside NumPyro's compiled epoch of the same work from
/// `Benchmarks/peers/vae_numpyro.py` in the same run, and beside the
/// products' floor: the epoch's dense products alone, each timed through
/// `cblas_sgemm` on both cores. MNIST comes from `$LATENT_MNIST`, else
/// `../shared/data/mnist`; without it there is no figure, and it says so.
enum VAEEpochBenchmark {
    /// The products of one step (batch 128), as (m, n, k, transpose A,
    /// transpose B): each layer's forward product, its weights' gradient
    /// and its input's gradient (none for the images).
    static let stepProducts: [(Int, Int, Int, Bool, Bool)] = [
        (128, 400, 784, false, false), (784, 400, 128, true, false),
        (128, 40, 400, false, false), (400, 40, 128, true, false), (128, 400, 40, false, true),
        (128, 400, 20, false, false), (20, 400, 128, true, false), (128, 20, 400, false, true),
        (128, 784, 400, false, false), (400, 784, 128, true, false), (128, 400, 784, false, true),
    ]

    static func run() throws {
        let folder = ProcessInfo.processInfo.environment["LATENT_MNIST"] ?? "../shared/data/mnist"
        guard FileManager.default.fileExists(atPath: folder + "/train-images-idx3-ubyte.gz")
                || FileManager.default.fileExists(atPath: folder + "/train-images-idx3-ubyte") else {
            print("VAE MNIST epoch: no MNIST at \(folder) (set LATENT_MNIST): no epoch figures")
            return
        }
        flushSubnormalsToZero()
        let (train, test) = try ImageDataSet.mnist(folder: folder)
        let training = try VAETraining(vae: VariationalAutoencoder(), train: train, test: test, batchSize: 128)
        // The first epoch also captures and checks the compiled step; the
        // second is the steady state, as NumPyro's epoch 2 (its compilation
        // is timed apart) is.
        let first = try timedEpoch(training)
        let epoch = try timedEpoch(training)
        print(String(format: "VAE MNIST epoch 784-400-20: first epoch (capture and check included) %.3f s", first))
        let steps = Double((train.count + 127) / 128)
        let stepFlops = stepProducts.reduce(0.0) { $0 + 2 * Double($1.0 * $1.1 * $1.2) }
        let floor = try productsFloor() * steps
        print(String(format: "VAE MNIST epoch 784-400-20: %.1f GFLOP of products, %.1f GFLOP/s achieved (%@)",
                     stepFlops * steps / 1e9, stepFlops * steps / epoch / 1e9, "\(training.svi.compilationStatus)" as NSString))
        report("VAE MNIST epoch 2 784-400-20 (training)", epoch, unit: "s", baseline: floor, baselineName: "products' floor")
        let numpyro = PeerFigures(script: "vae_numpyro.py", arguments: ["--epochs", "2", folder], paths: ["epoch seconds"])
        if let peer = numpyro.figure("VAE 784-400-20 bernoulli, epoch 2", "epoch seconds") {
            report("  same epoch vs NumPyro", epoch, unit: "s", baseline: peer, baselineName: "NumPyro compiled lax.scan")
        } else {
            print("  no NumPyro epoch beside it: \(numpyro.banner)")
        }
    }

    /// Seconds of one training epoch.
    static func timedEpoch(_ training: VAETraining) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try training.trainEpoch()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Seconds of one step's products, each the faster of `cblas_sgemm` on
    /// OpenBLAS's threads (one per core) and Latent's own split of it
    /// (`matrixProduct`, one single-threaded call per core): OpenBLAS's
    /// threads swung by up to 2× at one shape from run to run here, so the
    /// floor is the better of the two.
    static func productsFloor() throws -> Double {
        var generator = Xoshiro256PlusPlus(seed: 4)
        var total = 0.0
        for (m, n, k, transposeA, transposeB) in stepProducts {
            let a = try Tensor<Float>.randomNormal([m * k], using: &generator).scalars
            let b = try Tensor<Float>.randomNormal([k * n], using: &generator).scalars
            let product = MatmulCandidates.Product(name: "", m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB)
            let gigaflops = withOpenBLASThreads { MatmulCandidates.gigaflops(product, a, b, MatmulCandidates.openBLASProduct) }
            var c = [Float](repeating: 0, count: m * n)
            let latent = a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        secondsPerCall {
                            Float.matrixProduct(a.baseAddress!, transposeA: transposeA, b.baseAddress!, transposeB: transposeB,
                                                into: c.baseAddress!, m: m, n: n, k: k, accumulate: false)
                        }
                    }
                }
            }
            total += Swift.min(2 * Double(m * n * k) / (gigaflops * 1e9), latent)
        }
        return total
    }
}
