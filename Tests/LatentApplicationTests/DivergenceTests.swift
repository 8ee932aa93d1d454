import Foundation
import LatentApplication
import LatentModels
import Testing

@Suite("Divergence in training")
struct DivergenceTests {
    /// A learning rate of 1e30 throws every weight far out after the first
    /// update: the run stops with a divergence naming the epoch (1), the
    /// minibatch (past the first, whose parameters are the initial ones),
    /// the number of minibatches (400 / 50 = 8), the cause and the
    /// learning rate, not with a distribution's parameter error.
    @Test func aRunawayFitIsReportedAsADivergence() throws {
        let (train, test) = try ImageDataSet.glyphs(trainCount: 400, testCount: 100, seed: 7)
        let training = try VAETraining(
            vae: VariationalAutoencoder(latentDimension: 4, hidden: [48]), train: train, test: test, learningRate: 1e30, batchSize: 50)
        let error = try #require(throws: TrainingError.self) { try training.trainEpoch() }
        guard case let .diverged(epoch, step, steps, _, reason, learningRate) = error else { return }
        #expect(epoch == 1 && (2...8).contains(step) && steps == 8, "\(error)")
        #expect(learningRate == 1e30)
        #expect(!reason.isEmpty)
        #expect(error.description.hasPrefix("training diverged in epoch 1 at step \(step) of 8"))
        #expect(error.description.contains("lower the learning rate"))
        #expect(training.epoch == 0)
    }
}
