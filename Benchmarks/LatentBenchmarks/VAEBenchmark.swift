import Latent
import LatentApplication

/// One VAE training step (784-400-20, batch 128, Float, analytic KL, Adam;
/// dynamic binarisation and shuffling included), beside twice the
/// hand-written forward and backward pass of a 784-400-20 MLP: the GEMM
/// work of the encoder and decoder with nothing else around it.
enum VAEBenchmark {
    /// A VAE training run on 1,280 generated glyphs (ten steps an epoch),
    /// after one warm-up epoch (parameters and Adam state exist).
    static func warmedUpTraining() throws -> VAETraining {
        flushSubnormalsToZero()
        let (train, test) = try ImageDataSet.glyphs(trainCount: 1_280, testCount: 128, seed: 1)
        let training = try VAETraining(vae: VariationalAutoencoder(), train: train, test: test, batchSize: 128)
        try training.trainEpoch()
        return training
    }

    /// Seconds per training step of `training` (ten steps an epoch).
    static func secondsPerStep(_ training: VAETraining) throws -> Double {
        try secondsPerCall { try training.trainEpoch() } / 10
    }

    static func run() throws {
        let training = try warmedUpTraining()
        let step = try secondsPerStep(training)
        print("  VAE step compilation: \(training.svi.compilationStatus)")

        var generator = Xoshiro256PlusPlus(seed: 3)
        let mlp = try HandWrittenMLP(
            x: Tensor<Float>.randomUniform([128, 784], using: &generator),
            w1: Tensor<Float>.randomNormal([784, 400], standardDeviation: 0.05, using: &generator), b1: Tensor<Float>.zeros([400]),
            w2: Tensor<Float>.randomNormal([400, 20], standardDeviation: 0.05, using: &generator), b2: Tensor<Float>.zeros([20]))
        let pass = withOpenBLASThreads { secondsPerCall { mlp.forwardBackward() } }
        report("VAE training step 784-400-20, batch 128", step * 1e3, unit: "ms",
               baseline: 2 * pass * 1e3, baselineName: "2 hand-written MLP passes")
    }

    /// Training steps only (300 of them), for a profiler:
    /// `perf record .build/release/LatentBenchmarks vae-profile`.
    /// `epochs` epochs of ten steps (30 unless given) for a profiler.
    static func profile(epochs: Int = 30) throws {
        let training = try warmedUpTraining()
        for _ in 0..<epochs { try training.trainEpoch() }
    }
}
