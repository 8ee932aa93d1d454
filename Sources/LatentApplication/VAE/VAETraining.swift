import LatentCore
import LatentDistributions
import LatentInference
import LatentModels

/// Fits a `VariationalAutoencoder` by SVI on shuffled minibatches: each
/// epoch visits every training image once, in an order drawn from the
/// trainer's seeded generator; Bernoulli likelihoods see the images
/// dynamically binarised (each pixel 1 with its grey level as
/// probability, drawn afresh every epoch).
public final class VAETraining {
    /// The objective the encoder and decoder are fitted with.
    public enum ObjectiveChoice: String, CaseIterable, Sendable {
        /// Monte Carlo KL (TraceELBO).
        case trace
        /// Analytic Gaussian KL (MeanFieldELBO).
        case analytic
        /// The importance-weighted bound with K particles.
        case iwae
    }

    /// The VAE being fitted: its model and guide.
    public let vae: VariationalAutoencoder
    /// The training images, visited once per epoch.
    public let train: ImageDataSet
    /// The test images that ``testELBO()`` and ``importanceLogLikelihood(particles:limit:)`` evaluate on.
    public let test: ImageDataSet
    /// Images per minibatch.
    public let batchSize: Int
    /// The objective the encoder and decoder are fitted with.
    public let objective: ObjectiveChoice
    /// Particles per image as asked (iwae uses at least 2).
    public let particles: Int
    /// Adam's learning rate.
    public let learningRate: Float
    /// The SVI driver: the model and guide on the current minibatch, the
    /// objective, Adam, and the model context that holds the parameters.
    public let svi: SVI<Float, Void, Void>
    /// The order and binarisation stream (saved in checkpoints).
    public var generator: Xoshiro256PlusPlus
    /// Epochs completed.
    public var epoch = 0
    private let current: Minibatch
    private let fixedTestImages: Tensor<Float>

    /// A trainer of `vae` on `train`, with a fresh Adam optimiser and both
    /// random streams seeded from `seed`.
    /// - Parameters:
    ///   - vae: the VAE to fit.
    ///   - train: the training images, of the VAE's pixel count.
    ///   - test: the test images, of the VAE's pixel count; for a Bernoulli
    ///     likelihood binarised once, from a fixed seed, for every evaluation.
    ///   - objective: the objective to fit with.
    ///   - particles: particles per image (iwae uses at least 2).
    ///   - learningRate: Adam's learning rate.
    ///   - batchSize: images per minibatch, in 1…n for n training images.
    ///   - seed: seeds the model context's stream and, offset, ``generator``.
    /// - Throws: ``DataError/dimensionMismatch(path:reason:)`` when the images
    ///   do not have the VAE's pixel count, `ModelError.countOutOfRange(argument:value:valid:)`
    ///   for a batch size outside 1…n, `InferenceError` for particles the objective cannot use.
    public init(
        vae: VariationalAutoencoder, train: ImageDataSet, test: ImageDataSet, objective: ObjectiveChoice = .analytic,
        particles: Int = 1, learningRate: Float = 1e-3, batchSize: Int = 128, seed: UInt64 = 0
    ) throws {
        for (set, name) in [(train, "training"), (test, "test")] where set.pixels != vae.pixels {
            throw DataError.dimensionMismatch(path: "\(name) data", reason: "images have \(set.pixels) pixels; the model expects \(vae.pixels)")
        }
        guard (1...train.count).contains(batchSize) else {
            throw ModelError.countOutOfRange(argument: "batchSize", value: batchSize, valid: 1...train.count)
        }
        self.vae = vae
        self.train = train
        self.test = test
        self.batchSize = batchSize
        self.objective = objective
        self.particles = particles
        self.learningRate = learningRate
        generator = Xoshiro256PlusPlus(seed: seed &+ 0x5EED)
        let current = Minibatch()
        self.current = current
        let count = train.count
        let objectiveInstance: any Objective<Float> = switch objective {
        case .trace: try TraceELBO(particles: particles)
        case .analytic: try MeanFieldELBO(particles: particles)
        case .iwae: try ImportanceWeightedELBO(particles: Swift.max(particles, 2))
        }
        svi = SVI(
            model: { c in try vae.model(c, images: current.images.tensor, indices: current.indices, count: count) },
            guide: { c in
                do {
                    try vae.guide(c, images: current.images.tensor, indices: current.indices, count: count)
                } catch let error as DistributionError {
                    // The guide draws one site, the latent code "z".
                    throw GuideDistributionError(site: "z", underlying: error)
                }
            },
            objective: objectiveInstance, optimizer: try Adam(learningRate: learningRate), context: ModelContext(seed: seed))
        // The test set's binarisation is part of the benchmark, not of the run: fixed.
        var testGenerator = Xoshiro256PlusPlus(seed: 0x7E57)
        fixedTestImages = vae.likelihood == .bernoulli ? try Self.binarised(test.images, using: &testGenerator) : test.images
    }

    /// One pass over the training images; returns the mean loss per image
    /// (−ELBO estimate, nats). When a step throws, ``generator`` has already
    /// binarised the minibatch after it (the run cannot go on from there;
    /// checkpoints are taken between epochs).
    @discardableResult
    public func trainEpoch(progress: ((Int, Int, Double) -> Void)? = nil) throws -> Double {
        var order = Array(0..<train.count)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
        }
        var total = 0.0
        let batches = (order.count + batchSize - 1) / batchSize
        func batch(_ b: Int) -> [Int] { Array(order[(b * batchSize)..<Swift.min((b + 1) * batchSize, order.count)]) }
        var next = try images(batch(0))
        for b in 0..<batches {
            let indices = batch(b)
            current.images.value = next
            current.indices = indices
            // The next minibatch is binarised while this step runs, from the
            // same stream in the same order: the draws are those of a loop
            // that binarises each minibatch just before its step.
            let upcoming = b + 1 < batches ? BackgroundResult { [self] in try images(batch(b + 1)) } : nil
            // Whatever the step does, the stream is not left in use.
            defer { upcoming?.wait() }
            // The plate scales the minibatch to the whole set: per image, divide by its size.
            total += Double(try divergenceCheckedStep(step: b + 1, of: batches)) / Double(train.count) * Double(indices.count)
            progress?(b + 1, batches, Double(total) / Double((b + 1) * batchSize))
            if let upcoming { next = try upcoming.value() }
        }
        epoch += 1
        return total / Double(train.count)
    }

    /// The training images at `indices` as a step sees them: binarised
    /// from ``generator`` for a Bernoulli likelihood, else as they are; in
    /// a data-parallel run, this process's share of them (every rank
    /// binarises the whole minibatch, so that the stream stays the same on
    /// all ranks and each share gets one process's pixels).
    private func images(_ indices: [Int]) throws -> Tensor<Float> {
        let share = processGroup?.shard.positions(inMinibatchOf: indices.count)
        guard vae.likelihood == .bernoulli else {
            return try train.images.slices(at: share.map { Array(indices[$0]) } ?? indices, alongAxis: 0)
        }
        let binary = try Self.binarised(rows: indices, of: train.images, using: &generator)
        return try share.map { try binary.slices(at: Array($0), alongAxis: 0) } ?? binary
    }

    /// The processes the training is spread over, or nil for this one
    /// alone: set by ``spread(over:)``.
    public var processGroup: (any ProcessGroup)? { svi.processGroup }

    /// Spreads the training over `group` (synchronous data parallelism,
    /// ``/LatentInference/SVI/processGroup``): every rank holds all the images, visits them
    /// in the same order, computes its share of each minibatch, and takes
    /// the same update, so that the run is one process's run whatever the
    /// number of processes, up to the order of summation.
    /// - Throws: ``/LatentInference/DataParallelError/unevenMinibatch(plate:minibatch:processes:)``
    ///   when a minibatch of the epoch (the last, smaller one included) does
    ///   not split evenly over the group's processes;
    ///   ``/LatentInference/DataParallelError/objectiveDoesNotAdd(_:)`` for the iwae objective.
    public func spread(over group: any ProcessGroup) throws {
        if objective == .iwae { throw DataParallelError.objectiveDoesNotAdd("ImportanceWeightedELBO") }
        let last = train.count % batchSize
        for minibatch in [batchSize, last] where minibatch % group.size != 0 {
            throw DataParallelError.unevenMinibatch(plate: "data", minibatch: minibatch, processes: group.size)
        }
        svi.processGroup = group
    }

    /// The settings this trainer was built with.
    public var settings: TrainingSettings {
        TrainingSettings(objective: objective, particles: particles, learningRate: learningRate, batchSize: batchSize)
    }

    /// A 64-bit FNV-1a hash of the training images' Float bit patterns, in
    /// hexadecimal: equal for the same images in the same order.
    public private(set) lazy var trainingImagesFingerprint: String = {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        train.images.withUnsafeScalars { pixels in
            for pixel in pixels {
                hash = (hash ^ UInt64(pixel.bitPattern)) &* 0x0000_0100_0000_01B3
            }
        }
        return String(hash, radix: 16)
    }()

    /// One SVI step, with a runaway fit reported as the divergence it is:
    /// a non-finite loss or gradient, a distribution handed an invalid
    /// parameter after an update, or a parameter that the update left
    /// non-finite.
    /// - Throws: ``TrainingError/diverged(epoch:step:steps:site:reason:learningRate:)``.
    private func divergenceCheckedStep(step: Int, of steps: Int) throws -> Float {
        func diverged(site: String?, _ reason: String) -> TrainingError {
            .diverged(epoch: epoch + 1, step: step, steps: steps, site: site, reason: reason, learningRate: learningRate)
        }
        let loss: Float
        do {
            loss = try svi.step()
        } catch let InferenceError.nonFiniteLoss(_, site) {
            throw diverged(site: site, "the loss or its gradient is not finite")
        } catch let error as GuideDistributionError where !svi.losses.isEmpty {
            throw diverged(site: error.site, error.underlying.description)
        } catch let error as GuideDistributionError {
            throw error.underlying
        }
        if let name = svi.context.parameters.firstNonFiniteName() {
            throw diverged(site: nil, "parameter '\(name)' is not finite after the update")
        }
        return loss
    }

    /// The test ELBO per image (nats), with the analytic KL, one draw per
    /// image, 1,000 images a pass.
    public func testELBO() throws -> Double {
        let objective = try MeanFieldELBO<Float>()
        var total = 0.0
        try withoutGradients {
            for (indices, images) in testBatches() {
                let loss = try objective.loss(
                    model: { [vae] c in try vae.model(c, images: images, indices: indices, count: indices.count) },
                    guide: { [vae] c in try vae.guide(c, images: images, indices: indices, count: indices.count) },
                    context: svi.context)
                total -= Double(try loss.scalarValue)
            }
        }
        return total / Double(test.count)
    }

    /// The importance-sampled log-likelihood per image (nats) over the first
    /// `limit` test images: log (1/K) Σₖ p(x, zₖ)/q(zₖ | x) per image, the K
    /// draws in one particle plate, in chunks of at most 64 draws of 32
    /// images (so that each pass's tensors, 2,048 rows of pixels, are reused
    /// from the allocator rather than mapped afresh).
    /// - Throws: `ModelError.countOutOfRange(argument:value:valid:)` for
    ///   fewer than 1 particle or a limit below 1.
    public func importanceLogLikelihood(particles: Int, limit: Int? = nil) throws -> Double {
        guard particles >= 1 else { throw ModelError.countOutOfRange(argument: "particles", value: particles, valid: 1...Int.max) }
        if let limit, limit < 1 { throw ModelError.countOutOfRange(argument: "limit", value: limit, valid: 1...Int.max) }
        let count = Swift.min(limit ?? test.count, test.count)
        var total = 0.0
        try withoutGradients {
            for (indices, images) in testBatches(limit: count, size: 32) {
                var chunks: [Tensor<Float>] = []
                var remaining = particles
                while remaining > 0 {
                    let k = Swift.min(remaining, Self.importanceChunk)
                    remaining -= k
                    chunks.append(try logWeights(images: images, indices: indices, particles: k))
                }
                let all = try Tensor.concatenating(chunks, alongAxis: 0)
                let perImage = try all.logSumExp(alongAxes: [0]) - Float.log(Float(particles))
                total += Double(try perImage.sum().scalarValue)
            }
        }
        return total / Double(count)
    }

    /// The draws of one pass of ``importanceLogLikelihood(particles:limit:)``.
    static let importanceChunk = 64

    /// The floating-point operations (2 per multiply–add) of the matrix
    /// products in ``importanceLogLikelihood(particles:limit:)``: the
    /// encoder once per image and pass, the decoder once per image and draw.
    public func importanceProductFLOPs(particles: Int, limit: Int? = nil) -> Double {
        let images = Double(Swift.min(limit ?? test.count, test.count))
        let passes = Double((particles + Self.importanceChunk - 1) / Self.importanceChunk)
        return 2 * images * (passes * Double(vae.encoderMultiplyAdds) + Double(particles) * Double(vae.decoderMultiplyAdds))
    }

    /// log p(x, z) − log q(z | x) for `particles` draws: [particles, B],
    /// one importance pass in a particle plate left of the images' plate.
    private func logWeights(images: Tensor<Float>, indices: [Int], particles: Int) throws -> Tensor<Float> {
        let context = svi.context
        let pass = try ParticlePlate<Float>(size: particles, dim: -2).run(in: context) {
            try ImportancePass(
                model: { [vae] c in try vae.model(c, images: images, indices: indices, count: indices.count) },
                guide: { [vae] c in try vae.guide(c, images: images, indices: indices, count: indices.count) },
                context: context)
        }
        return try pass.logWeightTerms()
    }

    /// The first `limit` test images in batches of `size`, by default 1,000
    /// (or the training batch when larger): evaluation keeps no tape, so a
    /// big batch costs only memory and saves per-pass overhead.
    private func testBatches(limit: Int? = nil, size: Int? = nil) -> [(indices: [Int], images: Tensor<Float>)] {
        let count = limit ?? test.count
        let step = size ?? Swift.max(batchSize, 1_000)
        return stride(from: 0, to: count, by: step).compactMap { start in
            let indices = Array(start..<Swift.min(start + step, count))
            return (try? fixedTestImages.slices(at: indices, alongAxis: 0)).map { (Array(0..<indices.count), $0) }
        }
    }

    /// Runs the model and guide once on the first test images, so that every
    /// parameter exists in the store (before a checkpoint is restored).
    public func createParameters() throws {
        let indices = Array(0..<Swift.min(2, test.count))
        let images = try fixedTestImages.slices(at: indices, alongAxis: 0)
        try withoutGradients {
            _ = try svi.context.trace { c in try vae.guide(c, images: images, indices: indices, count: indices.count) }
            _ = try svi.context.trace { c in try vae.model(c, images: images, indices: indices, count: indices.count) }
        }
    }

    /// Each pixel 1 with probability its grey level: 1 where a uniform
    /// draw u ∈ [0, 1) falls below it. One pass, two draws of 24 bits (a
    /// Float's precision) from each 64-bit output of the generator.
    public static func binarised(_ images: Tensor<Float>, using generator: inout Xoshiro256PlusPlus) throws -> Tensor<Float> {
        try binarised(rows: Array(0..<(images.shape.first ?? 0)), of: images, using: &generator)
    }

    /// ``binarised(_:using:)`` of the rows `indices` of `images` ([N, …]),
    /// read in place (no copy of the rows first): equal to binarising
    /// `images.slices(at: indices, alongAxis: 0)` with the same generator.
    /// - Throws: `TensorError.indexOutOfRange(operation:index:bound:)` for an index outside 0..<N.
    public static func binarised(rows indices: [Int], of images: Tensor<Float>, using generator: inout Xoshiro256PlusPlus) throws -> Tensor<Float> {
        let rows = images.shape.first ?? 0
        if let bad = indices.first(where: { !(0..<rows).contains($0) }) {
            throw TensorError.indexOutOfRange(operation: "binarised", index: bad, bound: rows)
        }
        let length = rows == 0 ? 0 : images.count / rows
        return try images.withUnsafeScalars { grey in
            try Tensor<Float>(shape: [indices.count] + images.shape.dropFirst()) { binary in
                guard let base = grey.baseAddress else { return }
                let scale = Float(1) / Float(1 << 24)
                // The second draw of an output that a row of odd length left over.
                var spare: Float?
                var out = 0
                for index in indices {
                    let row = base + index * length
                    var j = 0
                    if let u = spare, length > 0 {
                        binary[out] = u < row[0] ? 1 : 0
                        (out, j, spare) = (out + 1, 1, nil)
                    }
                    while j + 2 <= length {
                        let bits = generator.next()
                        binary[out] = Float(bits >> 40) * scale < row[j] ? 1 : 0
                        binary[out + 1] = Float((bits >> 16) & 0xFF_FFFF) * scale < row[j + 1] ? 1 : 0
                        (out, j) = (out + 2, j + 2)
                    }
                    if j < length {
                        let bits = generator.next()
                        binary[out] = Float(bits >> 40) * scale < row[j] ? 1 : 0
                        out += 1
                        spare = Float((bits >> 16) & 0xFF_FFFF) * scale
                    }
                }
            }
        }
    }
}

/// A distribution the guide could not build from the encoder's output,
/// which names the latent site the guide was drawing.
struct GuideDistributionError: Error {
    let site: String
    let underlying: DistributionError
}

/// The minibatch the model and guide closures read at each step: the
/// images as a step input, so that a compiled step reads each step's.
final class Minibatch: @unchecked Sendable {
    let images = StepInput(Tensor<Float>(0))
    var indices: [Int] = []
}
