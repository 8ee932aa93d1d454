import Foundation
import Latent
import LatentApplication

/// Steady MNIST training epochs of a VAE (the 784-400-20 Bernoulli VAE on
/// images binarised afresh, or the 784-512-16 Gaussian one of the
/// tutorials on grey levels; analytic KL, batch 128, Adam 1e-3, Float),
/// training only, the first (capture and check) printed
/// apart, each beside the products' floor (the epoch's dense products
/// alone, each timed through `cblas_sgemm` on both cores) measured right
/// after both epochs of its round, and beside an epoch of NumPyro's
/// compiled `lax.scan` of the same work (`Benchmarks/peers/vae_numpyro.py
/// --paced`) run right before or after it, in turns: ``rounds`` such
/// rounds, each printed, then the median of each ratio over the rounds.
/// The machine's speed swings by a quarter within minutes here, so one
/// epoch of each, minutes apart, may be compared in different weather;
/// epochs side by side are not. MNIST comes
/// from `$LATENT_MNIST`, else `../shared/data/mnist`; without it there is
/// no figure, and it says so.
enum VAEEpochBenchmark {
    /// Rounds of (Latent's and NumPyro's epochs, in turns, then the floor).
    static let rounds = 5

    /// A VAE of one hidden layer a side: its sizes and its pixel model.
    struct Architecture {
        let hidden: Int, latent: Int
        let likelihood: VariationalAutoencoder.Likelihood

        /// The issue's VAE, on binarised images.
        static let bernoulli = Architecture(hidden: 400, latent: 20, likelihood: .bernoulli)
        /// The 784-512-16 Gaussian VAE of the tutorials, on grey levels.
        static let gaussian = Architecture(hidden: 512, latent: 16, likelihood: .gaussian)

        /// "784-400-20", as NumPyro's script and the lines name it.
        var sizes: String { "784-\(hidden)-\(latent)" }

        /// The products of one step (batch 128), as (m, n, k, transpose A,
        /// transpose B): each layer's forward product, its weights' gradient
        /// and its input's gradient (none for the images); the two encoder
        /// heads as one product of twice the latent width.
        var stepProducts: [(Int, Int, Int, Bool, Bool)] {
            let (h, heads, l) = (hidden, 2 * latent, latent)
            return [
                (128, h, 784, false, false), (784, h, 128, true, false),
                (128, heads, h, false, false), (h, heads, 128, true, false), (128, h, heads, false, true),
                (128, h, l, false, false), (l, h, 128, true, false), (128, l, h, false, true),
                (128, 784, h, false, false), (h, 784, 128, true, false), (128, h, 784, false, true),
            ]
        }
    }

    static func run(_ architecture: Architecture) throws {
        let name = "VAE MNIST epoch \(architecture.sizes)" + (architecture.likelihood == .bernoulli ? "" : " gaussian")
        let folder = ProcessInfo.processInfo.environment["LATENT_MNIST"] ?? "../shared/data/mnist"
        guard FileManager.default.fileExists(atPath: folder + "/train-images-idx3-ubyte.gz")
                || FileManager.default.fileExists(atPath: folder + "/train-images-idx3-ubyte") else {
            print("\(name): no MNIST at \(folder) (set LATENT_MNIST): no epoch figures")
            return
        }
        flushSubnormalsToZero()
        let (train, test) = try ImageDataSet.mnist(folder: folder)
        let vae = try VariationalAutoencoder(
            latentDimension: architecture.latent, hidden: [architecture.hidden], likelihood: architecture.likelihood)
        let training = try VAETraining(vae: vae, train: train, test: test, batchSize: 128)
        // The first epoch also captures and checks the compiled step; the
        // later ones are the steady state, as NumPyro's after its first
        // (its compilation is timed apart) are.
        let first = try timedEpoch(training)
        print(String(format: "%@: first epoch (capture and check included) %.3f s", name as NSString, first))
        let steps = Double((train.count + 127) / 128)
        let stepFlops = architecture.stepProducts.reduce(0.0) { $0 + 2 * Double($1.0 * $1.1 * $1.2) }
        print(String(format: "%@: %.1f GFLOP of products per epoch (%@)",
                     name as NSString, stepFlops * steps / 1e9, "\(training.svi.compilationStatus)" as NSString))
        // NumPyro compiles, then runs its first epoch, while Latent waits.
        let likelihood = architecture.likelihood.rawValue
        let numpyro = PacedPeer(script: "vae_numpyro.py", arguments: [
            "--epochs", "\(rounds + 1)", "--hidden", "\(architecture.hidden)", "--latent", "\(architecture.latent)",
            "--likelihood", likelihood, folder,
        ])
        defer { numpyro.finish() }
        func numpyroEpoch(_ n: Int) -> Double? {
            numpyro.epoch(label: "VAE \(architecture.sizes) \(likelihood), epoch \(n) ", path: "epoch seconds", last: "test seconds")
        }
        _ = numpyroEpoch(1)
        var (epochs, floors, peers) = ([Double](), [Double](), [Double]())
        for round in 1...rounds {
            // The two epochs side by side, in turns (Latent first in odd
            // rounds), so that a steady drift does not favour one; the
            // floor after them.
            var peer: Double?
            if round % 2 == 0 { peer = numpyroEpoch(round + 1) }
            let epoch = try timedEpoch(training)
            if round % 2 == 1 { peer = numpyroEpoch(round + 1) }
            let floor = try productsFloor(architecture.stepProducts) * steps
            epochs.append(epoch)
            floors.append(floor)
            var line = String(format: "  round %d: Latent epoch %.3f s (%.1f GFLOP/s), products' floor %.3f s (ratio %.2f)",
                              round, epoch, stepFlops * steps / epoch / 1e9, floor, epoch / floor)
            if let peer {
                peers.append(peer)
                line += String(format: ", NumPyro epoch %.3f s (ratio %.2f)", peer, epoch / peer)
            }
            print(line)
        }
        let epoch = median(epochs)
        print(String(format: "%@: %.1f GFLOP/s achieved (median epoch)", name as NSString, stepFlops * steps / epoch / 1e9))
        reportMedian("\(name) (training)", epochs, baselines: floors, baselineName: "products' floor")
        if peers.count == rounds {
            reportMedian("  same epochs vs NumPyro", epochs, baselines: peers, baselineName: "NumPyro compiled lax.scan")
        } else {
            print("  no NumPyro median: NumPyro epochs in \(peers.count) of \(rounds) rounds; \(numpyro.failure ?? "")")
        }
    }

    /// One line as ``report(_:_:unit:baseline:baselineName:)``'s: the
    /// median of `values` beside the median of `baselines`, and the median
    /// of the rounds' ratios (of each value to the baseline of its round).
    static func reportMedian(_ name: String, _ values: [Double], baselines: [Double], baselineName: String) {
        let ratios = zip(values, baselines).map { $0 / $1 }
        print(String(format: "%-44@ %10.3f %-8@ baseline %10.3f (%@)  ratio %.2f (median of %d rounds; %.2f–%.2f)",
                     name as NSString, median(values), "s", median(baselines), baselineName as NSString,
                     median(ratios), ratios.count, ratios.min()!, ratios.max()!))
    }

    /// The middle value of an odd count, the mean of the two middle ones of an even count.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
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
    static func productsFloor(_ stepProducts: [(Int, Int, Int, Bool, Bool)]) throws -> Double {
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
