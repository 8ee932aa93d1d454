import LatentCore
import LatentDistributions

/// Draws every latent sample site and every minibatch inside it from its
/// own generator, seeded with `seed`: the same seed gives the same draws
/// whatever the context's generator has done before (Pyro's `seed`).
/// Values supplied by inner handlers (replay, condition) are kept.
public final class SeedHandler<Scalar: TensorScalar>: Handler {
    private var generator: Xoshiro256PlusPlus

    /// A handler with its own generator, seeded with `seed`.
    public init(_ seed: UInt64) {
        generator = Xoshiro256PlusPlus(seed: seed)
    }

    /// Draws a latent sample site's value (pathwise when its distribution is
    /// reparameterised) or a subsampled plate's indices from the handler's
    /// generator, unless an inner handler already set them.
    public func process(_ site: inout Site<Scalar>) throws {
        switch site.kind {
        case let .subsample(size, count) where site.indices == nil:
            site.indices = PlateFrame.randomIndices(size: size, count: count, using: &generator)
        case let .sample(distribution) where site.value == nil && !site.isObserved:
            site.value = try draw(from: distribution, using: &generator)
        default:
            break
        }
    }
}
