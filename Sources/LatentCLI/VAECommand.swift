import ArgumentParser

/// `latent vae`: train, evaluate and sample the variational autoencoder.
struct VAECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vae", abstract: "The variational autoencoder.", subcommands: [TrainCommand.self, EvalCommand.self, SampleCommand.self])
}
