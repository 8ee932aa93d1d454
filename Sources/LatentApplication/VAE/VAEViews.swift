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
        let images = try test.images.selecting(Array(0..<Swift.min(count, test.count)), alongAxis: 0)
        let outputs = try withoutGradients { try svi.context.run { try vae.decodeMean(vae.encode(images, svi.context).mean, svi.context) } }
        return (try rows(images), try rows(outputs))
    }

    /// Encoder means of the first `limit` test images in two dimensions: the
    /// latent coordinates themselves when the latent space is 2-D, else their
    /// projection on the two leading principal axes (by power iteration).
    public func latentMeans2D(limit: Int) throws -> [(x: Double, y: Double)] {
        let images = try test.images.selecting(Array(0..<Swift.min(limit, test.count)), alongAxis: 0)
        let means = try withoutGradients { try svi.context.run { try vae.encode(images, svi.context).mean } }
        let d = vae.latentDimension
        let data = try rows(means).map { $0.map(Double.init) }
        guard d > 2 else { return data.map { ($0[0], d > 1 ? $0[1] : 0) } }
        let centre = (0..<d).map { j in data.reduce(0) { $0 + $1[j] } / Double(data.count) }
        let centred = data.map { row in zip(row, centre).map { $0 - $1 } }
        var axes: [[Double]] = []
        for _ in 0..<2 {
            var v = (0..<d).map { Double($0 + 1) }
            for _ in 0..<100 {
                // v ← Cv with C the covariance, deflated by the axes found so far.
                var next = [Double](repeating: 0, count: d)
                for row in centred {
                    let dot = zip(row, v).reduce(0) { $0 + $1.0 * $1.1 }
                    for j in 0..<d { next[j] += dot * row[j] }
                }
                for axis in axes {
                    let dot = zip(next, axis).reduce(0) { $0 + $1.0 * $1.1 }
                    for j in 0..<d { next[j] -= dot * axis[j] }
                }
                let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
                v = norm > 0 ? next.map { $0 / norm } : v
            }
            axes.append(v)
        }
        return centred.map { row in (zip(row, axes[0]).reduce(0) { $0 + $1.0 * $1.1 }, zip(row, axes[1]).reduce(0) { $0 + $1.0 * $1.1 }) }
    }

    private func rows(_ t: Tensor<Float>) throws -> [[Float]] {
        let width = t.shape[1], scalars = t.scalars
        return (0..<t.shape[0]).map { Array(scalars[($0 * width)..<(($0 + 1) * width)]) }
    }
}
