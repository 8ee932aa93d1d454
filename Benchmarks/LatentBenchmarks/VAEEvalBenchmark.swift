import Foundation
import Latent
import LatentApplication

/// `latent vae eval`'s importance-sampled log-likelihood (5,000 draws an
/// image, the 784-400-20 VAE after one epoch on MNIST, or on generated
/// glyphs without it) in GFLOP/s of its products, beside the GEMM's own
/// rate at the decoder's shapes in one pass (2,048 rows: 64 draws of 32
/// images), each product timed alone through `cblas_sgemm` on both cores.
/// The ratio is the share of the GEMM's peak at those shapes the whole
/// evaluation reaches.
enum VAEEvalBenchmark {
    static func run() throws {
        flushSubnormalsToZero()
        let folder = ProcessInfo.processInfo.environment["LATENT_MNIST"] ?? "../shared/data/mnist"
        let (train, test) = FileManager.default.fileExists(atPath: folder + "/t10k-images-idx3-ubyte.gz")
            ? try ImageDataSet.mnist(folder: folder)
            : try ImageDataSet.glyphs(trainCount: 20_000, testCount: 2_000, seed: 2026)
        let training = try VAETraining(vae: VariationalAutoencoder(), train: train, test: test, batchSize: 128)
        try training.trainEpoch()
        let (particles, images) = (5_000, 64)
        // This machine is shared: the best of three timings, as the
        // baseline is the best of its batches.
        var seconds = Double.infinity
        for _ in 0..<3 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try training.importanceLogLikelihood(particles: particles, limit: images)
            seconds = Swift.min(seconds, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let achieved = training.importanceProductFLOPs(particles: particles, limit: images) / seconds / 1e9
        let (openBLAS, latent) = try decoderPeaks(rows: 2_048, vae: training.vae)
        print(String(format: "VAE eval, %d images × %d importance draws: %.2f s; the decoder's products alone: "
                     + "%.1f GFLOP/s on OpenBLAS's threads, %.1f through Latent's matmul", images, particles, seconds, openBLAS, latent))
        try likelihoodSums()
        report("VAE eval log-likelihood products", achieved, unit: "GFLOP/s", baseline: Swift.max(openBLAS, latent),
               baselineName: "the better product alone")
    }

    /// One pass's likelihood, 2,048 codes × 784 pixels: `Independent`'s
    /// sums per image taken as each row is computed, beside the per-pixel
    /// values stored and then summed.
    static func likelihoodSums() throws {
        var generator = Xoshiro256PlusPlus(seed: 6)
        let logits = try Tensor<Float>.randomNormal([64, 32, 784], standardDeviation: 4, using: &generator)
        let images = try Tensor<Float>(shape: [32, 784], scalars: (0..<(32 * 784)).map { _ in generator.next() % 8 == 0 ? 1 : 0 })
        let likelihood = try Independent(Bernoulli(logits: logits), reinterpretedBatchRank: 1)
        let onePass = try secondsPerCall { consume(try withoutGradients { try likelihood.logProb(of: images) }) }
        let twoPasses = try secondsPerCall {
            consume(try withoutGradients { try Bernoulli(logits: logits).logProb(of: images).sum(alongAxes: [2]) })
        }
        report("VAE eval likelihood, 2,048 × 784 summed per image", onePass * 1e3, unit: "ms", baseline: twoPasses * 1e3,
               baselineName: "per-pixel values, then sums")
    }

    /// GFLOP/s of the decoder's products for `rows` latent codes (weighted
    /// by their multiply–adds), each timed alone, through `cblas_sgemm` on
    /// OpenBLAS's threads (one per core) and through Latent's `matmul`.
    static func decoderPeaks(rows: Int, vae: VariationalAutoencoder) throws -> (openBLAS: Double, latent: Double) {
        let sizes = [vae.latentDimension] + vae.hidden.reversed() + [vae.pixels]
        var generator = Xoshiro256PlusPlus(seed: 5)
        var (flops, openBLAS, latent) = (0.0, 0.0, 0.0)
        for (k, n) in zip(sizes, sizes.dropFirst()) {
            let a = try Tensor<Float>.randomNormal([rows, k], using: &generator)
            let b = try Tensor<Float>.randomNormal([k, n], using: &generator)
            let product = MatmulCandidates.Product(name: "", m: rows, n: n, k: k, transposeA: false, transposeB: false)
            let blasRate = withOpenBLASThreads {
                MatmulCandidates.gigaflops(product, a.scalars, b.scalars, MatmulCandidates.openBLASProduct)
            }
            let productFlops = 2 * Double(rows * n * k)
            flops += productFlops
            openBLAS += productFlops / (blasRate * 1e9)
            latent += try secondsPerCall { consume(try matmul(a, b)) }
        }
        return (flops / openBLAS / 1e9, flops / latent / 1e9)
    }
}
