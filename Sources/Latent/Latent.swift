// The umbrella module: `import Latent` brings in every public layer.
@_exported import LatentCore
@_exported import LatentDistributions
@_exported import LatentInference
@_exported import LatentNN
@_exported import LatentModels
