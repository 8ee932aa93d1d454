import ArgumentParser

/// `latent`: Latent's command line.
@main
struct LatentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latent",
        abstract: "Variational inference in Swift: train, evaluate and sample the variational autoencoder.",
        subcommands: [VAECommand.self])
}

struct VAECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vae", abstract: "The variational autoencoder.", subcommands: [TrainCommand.self, EvalCommand.self, SampleCommand.self])
}
