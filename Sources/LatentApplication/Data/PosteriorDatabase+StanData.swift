import LatentCore
import LatentModels

// The posterior database's models built from their published JSON data,
// under the names Stan's programs give the data.
/// `PosteriorDatabase.EightSchools` built from posteriordb's `eight_schools.json`.
extension PosteriorDatabase.EightSchools {
    /// From `eight_schools.json`: `y` and `sigma`.
    /// - Throws: ``DataError`` for a missing or malformed value,
    ///   `ModelError` for data the model cannot use.
    public init(data: StanData) throws {
        try self.init(y: data.tensor("y"), sigma: data.tensor("sigma"))
    }
}

/// `PosteriorDatabase.KidIQ` built from posteriordb's `kidiq.json`.
extension PosteriorDatabase.KidIQ {
    /// From `kidiq.json`: `kid_score` and `mom_iq`.
    /// - Throws: as ``PosteriorDatabase/EightSchools/init(data:)``.
    public init(data: StanData) throws {
        try self.init(kidScore: data.tensor("kid_score"), momIQ: data.tensor("mom_iq"))
    }
}

/// `PosteriorDatabase.Mesquite` built from posteriordb's `mesquite.json`.
extension PosteriorDatabase.Mesquite {
    /// From `mesquite.json`: `weight`, `diam1`, `diam2`, `canopy_height`,
    /// `total_height`, `density` and `group`.
    /// - Throws: as ``PosteriorDatabase/EightSchools/init(data:)``.
    public init(data: StanData) throws {
        try self.init(
            weight: data.tensor("weight"), diam1: data.tensor("diam1"), diam2: data.tensor("diam2"),
            canopyHeight: data.tensor("canopy_height"), totalHeight: data.tensor("total_height"),
            density: data.tensor("density"), group: data.tensor("group"))
    }
}

/// `PosteriorDatabase.SBLRI` built from posteriordb's `sblri.json`.
extension PosteriorDatabase.SBLRI {
    /// From `sblri.json`: `X` and `y`.
    /// - Throws: as ``PosteriorDatabase/EightSchools/init(data:)``.
    public init(data: StanData) throws {
        try self.init(x: data.tensor("X"), y: data.tensor("y"))
    }
}

/// `PosteriorDatabase.LowDimensionalGaussianMixture` built from posteriordb's `low_dim_gauss_mix.json`.
extension PosteriorDatabase.LowDimensionalGaussianMixture {
    /// From `low_dim_gauss_mix.json`: `y`.
    /// - Throws: as ``PosteriorDatabase/EightSchools/init(data:)``.
    public init(data: StanData) throws {
        try self.init(y: data.tensor("y"))
    }
}
