import LatentCore
import LatentInference
import LatentModels

/// What a fitted VAE shows: decoded prior samples, reconstructions, and the
/// test images' latent means in two dimensions.
extension VAETraining {
    /// Decoder means of `count` draws z ~ N(0, I), each an image.
    public func priorSamples(count: Int, seed: UInt64 = 1) throws -> [[Float]] {
        var generator = Xoshiro256PlusPlus(seed: seed)
        let z = try Tensor<Float>.randomNormal([count, vae.latentDimension], using: &generator)
        return try withoutGradients { try svi.context.run { try rows(vae.decodeMean(z, svi.context)) } }
    }

    /// The first `count` test images and the decoder means at their encoder means.
    public func reconstructions(count: Int) throws -> (inputs: [[Float]], outputs: [[Float]]) {
        let images = try test.images.slices(at: Array(0..<Swift.min(count, test.count)), alongAxis: 0)
        let outputs = try withoutGradients { try svi.context.run { try vae.decodeMean(vae.encode(images, svi.context).mean, svi.context) } }
        return (try rows(images), try rows(outputs))
    }

    /// Encoder means of the first `limit` test images in two dimensions: the
    /// latent coordinates themselves when the latent space is 2-D, else their
    /// projection on the two leading principal axes (the top eigenvectors of
    /// their covariance).
    public func latentMeans2D(limit: Int) throws -> [(x: Double, y: Double)] {
        let images = try test.images.slices(at: Array(0..<Swift.min(limit, test.count)), alongAxis: 0)
        let means = try withoutGradients { try svi.context.run { try vae.encode(images, svi.context).mean } }
        let d = vae.latentDimension
        let data = try rows(means).map { $0.map(Double.init) }
        guard d > 2 else { return data.map { ($0[0], d > 1 ? $0[1] : 0) } }
        let centre = (0..<d).map { j in data.reduce(0) { $0 + $1[j] } / Double(data.count) }
        let centred = data.map { row in zip(row, centre).map { $0 - $1 } }
        let covariance = (0..<d).map { i in (0..<d).map { j in centred.reduce(0) { $0 + $1[i] * $1[j] } / Double(centred.count) } }
        let axes = SymmetricEigen.decompose(covariance).vectors
        func dot(_ u: [Double], _ v: [Double]) -> Double { zip(u, v).reduce(0) { $0 + $1.0 * $1.1 } }
        return centred.map { row in (dot(row, axes[0]), dot(row, axes[1])) }
    }

    private func rows(_ t: Tensor<Float>) throws -> [[Float]] {
        let width = t.shape[1], scalars = t.scalars
        return (0..<t.shape[0]).map { Array(scalars[($0 * width)..<(($0 + 1) * width)]) }
    }
}
