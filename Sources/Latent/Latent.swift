// The umbrella module: `import Latent` brings in every public layer but
// application support (`LatentApplication`: file formats, the VAE's training
// loop), which the command line imports itself, so that a model user does not
// import a PNG encoder.
@_exported import LatentCore
@_exported import LatentDistributions
@_exported import LatentInference
@_exported import LatentNN
@_exported import LatentModels
