import Foundation
import LatentApplication
import LatentCore
import LatentInference
import LatentModels
import Testing

@Suite("Training the variational autoencoder", .serialized)
struct VAETrainingTests {
    /// Settings the data cannot support are ModelErrors naming the setting.
    @Test func badSettingsAreModelErrorsNamingTheSetting() throws {
        let (train, test) = try ImageDataSet.glyphs(trainCount: 40, testCount: 10, seed: 1)
        let vae = try VariationalAutoencoder(latentDimension: 2, hidden: [8])
        for batchSize in [0, 41] {
            #expect(throws: ModelError.countOutOfRange(argument: "batchSize", value: batchSize, valid: 1...40)) {
                _ = try VAETraining(vae: vae, train: train, test: test, batchSize: batchSize)
            }
        }
        let training = try VAETraining(vae: vae, train: train, test: test, batchSize: 20)
        #expect(throws: ModelError.countOutOfRange(argument: "particles", value: 0, valid: 1...Int.max)) {
            _ = try training.importanceLogLikelihood(particles: 0)
        }
        #expect(throws: ModelError.countOutOfRange(argument: "limit", value: 0, valid: 1...Int.max)) {
            _ = try training.importanceLogLikelihood(particles: 2, limit: 0)
        }
    }

    /// Training improves the test ELBO, and the report's files are a valid
    /// PNG (signature and size in the header), SVG and JSON.
    @Test func trainingImprovesTheTestELBOAndWritesItsReport() throws {
        let training = try smallTraining()
        let before = try training.testELBO()
        var history = TrainingHistory()
        for _ in 0..<3 {
            let loss = try training.trainEpoch()
            history.record(trainELBO: -loss, testELBO: try training.testELBO(), seconds: 0)
        }
        #expect(history.testELBO.last! > before + 20, "test ELBO \(before) → \(history.testELBO)")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try VAEReport.write(training, history: history, to: folder)
        for name in ["samples.png", "reconstructions.png"] {
            let bytes = try #require(FileManager.default.contents(atPath: "\(folder)/\(name)")).map { $0 }
            #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(name)")
            #expect(Array(bytes[12..<16]) == Array("IHDR".utf8))
            let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == 8 * 29 + 1, "\(name) width \(width)")
        }
        for name in ["loss.svg", "latent.svg"] {
            let text = try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)
            #expect(text.hasPrefix("<?xml") && text.contains("<svg") && text.hasSuffix("</svg>\n"))
        }
        let metrics = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/metrics.json"))) as? [String: Any]
        #expect((metrics?["test_elbo"] as? [Double])?.count == 3)
    }

    /// The latent picture's axes are the principal axes of the encoder
    /// means: the projections are uncorrelated, the first has the larger
    /// variance, and no other direction (200 random unit vectors) carries
    /// more variance than the first.
    @Test func latentMeansAreProjectedOnTheirPrincipalAxes() throws {
        let training = try smallTraining(seed: 2)
        try training.trainEpoch()
        let points = try training.latentMeans2D(limit: 100)
        let n = Double(points.count)
        let (first, second) = (points.reduce(0) { $0 + $1.x * $1.x } / n, points.reduce(0) { $0 + $1.y * $1.y } / n)
        let covariance = points.reduce(0) { $0 + $1.x * $1.y } / n
        #expect(first >= second && second > 0)
        #expect(abs(covariance) <= 1e-9 * first, "\(covariance)")
        let images = try training.test.images.slices(at: Array(0..<100), alongAxis: 0)
        let means = try withoutGradients { try training.svi.context.run { try training.vae.encode(images, training.svi.context).mean } }
        let d = training.vae.latentDimension
        let rows = means.scalars.map(Double.init)
        let centre = (0..<d).map { j in stride(from: j, to: rows.count, by: d).reduce(0) { $0 + rows[$1] } / n }
        var generator = Xoshiro256PlusPlus(seed: 8)
        for _ in 0..<200 {
            let direction = (0..<d).map { _ in Double.randomNormal(using: &generator) }
            let norm = direction.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let variance = (0..<100).reduce(0.0) { total, i in
                let projection = (0..<d).reduce(0) { $0 + (rows[i * d + $1] - centre[$1]) * direction[$1] / norm }
                return total + projection * projection
            } / n
            #expect(variance <= first * (1 + 1e-9))
        }
    }

    /// Two epochs, or one epoch, a checkpoint, a fresh trainer restored from
    /// it and one more epoch: every parameter and both ELBOs are equal bit
    /// for bit.
    @Test func resumingFromACheckpointEqualsAnUninterruptedRun() throws {
        let straight = try smallTraining(seed: 3)
        var straightHistory = TrainingHistory()
        for _ in 0..<2 { straightHistory.record(trainELBO: -(try straight.trainEpoch()), testELBO: try straight.testELBO(), seconds: 0) }

        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = try smallTraining(seed: 3)
        var history = TrainingHistory()
        history.record(trainELBO: -(try first.trainEpoch()), testELBO: try first.testELBO(), seconds: 0)
        try Checkpoint.save(first, history: history, to: "\(folder)/checkpoint.safetensors")
        let resumed = try smallTraining(seed: 99)  // a different seed: everything must come from the file
        history = try Checkpoint.restore(resumed, from: "\(folder)/checkpoint.safetensors")
        #expect(resumed.epoch == 1)
        history.record(trainELBO: -(try resumed.trainEpoch()), testELBO: try resumed.testELBO(), seconds: 0)

        #expect(history.trainELBO == straightHistory.trainELBO)
        #expect(history.testELBO == straightHistory.testELBO)
        let (a, b) = (straight.svi.context.parameters, resumed.svi.context.parameters)
        #expect(Set(a.names) == Set(b.names))
        for name in a.names { #expect(a.unconstrainedValue(name)?.scalars == b.unconstrainedValue(name)?.scalars, "\(name)") }
    }

    /// The importance-sampled log-likelihood is a tighter bound than the
    /// ELBO and grows with K: on 100 test images, log p̂ with K = 64 exceeds
    /// the test ELBO and log p̂ with K = 4 (by far more than their Monte
    /// Carlo error, a few hundredths of a nat per image here).
    @Test func importanceSampledLikelihoodBoundsTheELBOAndGrowsWithK() throws {
        let training = try smallTraining(seed: 5)
        for _ in 0..<3 { try training.trainEpoch() }
        let elbo = try training.testELBO()
        let few = try training.importanceLogLikelihood(particles: 4)
        let many = try training.importanceLogLikelihood(particles: 64)
        #expect(few > elbo, "K=4 \(few) vs ELBO \(elbo)")
        #expect(many > few, "K=64 \(many) vs K=4 \(few)")
    }

    /// With the encoder and decoder fixed, the analytic-KL loss and the
    /// Monte Carlo one (TraceELBO) on one batch agree in expectation: the
    /// means of 300 evaluations each differ by less than 4.5 standard errors
    /// of their difference (false failure < 1e-5). (Which is quieter depends
    /// on the fit: the likelihood's noise dominates both here.)
    @Test func analyticAndMonteCarloKLAgreeInExpectation() throws {
        let training = try smallTraining(seed: 6)
        try training.trainEpoch()
        let indices = Array(0..<20)
        let images = try training.test.images.slices(at: indices, alongAxis: 0).mask(greaterThan: Tensor(Float(0.5)))
        let vae = training.vae
        func losses(_ objective: any Objective<Float>) throws -> (mean: Double, variance: Double) {
            let values = try (0..<300).map { _ in
                try withoutGradients {
                    Double(try objective.loss(
                        model: { c in try vae.model(c, images: images, indices: indices, count: 20) },
                        guide: { c in try vae.guide(c, images: images, indices: indices, count: 20) },
                        context: training.svi.context).scalarValue)
                }
            }
            let mean = values.reduce(0, +) / 300
            return (mean, values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 299)
        }
        let analytic = try losses(MeanFieldELBO<Float>())
        let monteCarlo = try losses(TraceELBO<Float>())
        let error = ((analytic.variance + monteCarlo.variance) / 300).squareRoot()
        #expect(abs(analytic.mean - monteCarlo.mean) < 4.5 * error, "\(analytic.mean) vs \(monteCarlo.mean) ± \(error)")
    }

    /// Dynamic binarisation: rows binarised in place equal their copy
    /// binarised with the same generator (rows of odd length, so that a
    /// generator output's two draws straddle rows), an index outside the
    /// images is a typed error, and a grey level p gives ones with
    /// frequency p (100,000 pixels at 0.3: within 4σ = 0.0058, a false
    /// failure about once in 16,000 runs).
    @Test func binarisationReadsRowsInPlaceWithTheRightFrequency() throws {
        var source = Xoshiro256PlusPlus(seed: 11)
        let images = try Tensor<Float>.randomUniform([10, 7], using: &source)
        let indices = [3, 0, 9, 3, 5]
        var (g1, g2) = (Xoshiro256PlusPlus(seed: 12), Xoshiro256PlusPlus(seed: 12))
        let inPlace = try VAETraining.binarised(rows: indices, of: images, using: &g1)
        let copied = try VAETraining.binarised(images.slices(at: indices, alongAxis: 0), using: &g2)
        #expect(inPlace.shape == [5, 7])
        #expect(inPlace.scalars == copied.scalars)
        #expect(g1.next() == g2.next())
        #expect(throws: TensorError.self) { try VAETraining.binarised(rows: [2, 10], of: images, using: &g1) }
        let grey = try Tensor<Float>(shape: [100, 1_000], repeating: 0.3)
        let ones = try VAETraining.binarised(grey, using: &g1).scalars.reduce(0, +)
        #expect(abs(Double(ones) / 100_000 - 0.3) < 0.0058)
    }

    /// With MNIST in ../shared/data/mnist (or LATENT_MNIST), a VAE trained
    /// for two epochs on 2,000 images improves its test ELBO on 500 test
    /// images by more than 100 nats (from about −550, 784·log 2).
    @Test func trainsOnMNISTWhenItIsPresent() throws {
        let folder = ProcessInfo.processInfo.environment["LATENT_MNIST"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/data/mnist").standardized.path
        guard FileManager.default.fileExists(atPath: "\(folder)/train-images-idx3-ubyte.gz") else {
            print("MNIST is absent (looked in \(folder)); set LATENT_MNIST to run this test. Skipped.")
            return
        }
        let (train, test) = try ImageDataSet.mnist(folder: folder)
        #expect(train.count == 60_000 && test.count == 10_000 && train.side == 28)
        let small = try ImageDataSet(images: train.images.slices(at: Array(0..<2_000), alongAxis: 0), labels: Array(train.labels!.prefix(2_000)), side: 28, source: folder)
        let smallTest = try ImageDataSet(images: test.images.slices(at: Array(0..<500), alongAxis: 0), labels: Array(test.labels!.prefix(500)), side: 28, source: folder)
        let training = try VAETraining(
            vae: VariationalAutoencoder(latentDimension: 8, hidden: [64]), train: small, test: smallTest, learningRate: 3e-3, batchSize: 100)
        let before = try training.testELBO()
        for _ in 0..<2 { try training.trainEpoch() }
        let elbo = try training.testELBO()
        #expect(elbo.isFinite && elbo > before + 100, "test ELBO \(before) → \(elbo)")
    }
}
