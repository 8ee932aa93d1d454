extension RunFiles {
    /// A VAE run's files: the checkpoint, ``VAEReport``'s pictures and
    /// metrics, and the prior samples drawn per seed (`samples-SEED.png`).
    public static let vae = RunFiles(checkpoint: Checkpoint.fileName, outputs: VAEReport.fileNames, numbered: [VAEReport.samplesBySeed])
}
