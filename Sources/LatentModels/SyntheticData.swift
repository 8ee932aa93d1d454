import LatentCore

/// Reproducible synthetic data sets for the example models: each draws
/// its covariates and responses from a stated generating process with a
/// fixed seed, so an example needs no download.
enum SyntheticData {
    /// n×d covariates, independent standard normal.
    static func covariates(_ n: Int, _ d: Int, using generator: inout Xoshiro256PlusPlus) throws -> Tensor<Double> {
        try Tensor<Double>.randomNormal([n, d], using: &generator)
    }
}
