import ArgumentParser

/// `latent`: Latent's command line.
@main
struct LatentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latent",
        abstract: "Variational inference in Swift: train, evaluate and sample the variational autoencoder.",
        subcommands: [VAECommand.self])
}
