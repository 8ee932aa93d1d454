extension RunFiles {
    /// A VAE run's files: the checkpoint, ``VAEReport``'s pictures and
    /// metrics, and the prior samples drawn per seed (`samples-SEED.png`).
    /// A checkpoint is the run's when its header records a VAE
    /// architecture (read without the tensors, so a damaged checkpoint of
    /// ours can still be replaced).
    public static let vae = RunFiles(
        checkpoint: Checkpoint.fileName, outputs: VAEReport.fileNames, numbered: [VAEReport.samplesBySeed],
        isOwnCheckpoint: { SafeTensors.metadata(ofFileAt: $0)?["vae.pixels"] != nil })
}
