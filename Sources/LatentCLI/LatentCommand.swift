import ArgumentParser

/// `latent`: Latent's command line.
@main
struct LatentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latent",
        abstract: "Variational inference in Swift: fit bundled models, train, evaluate and sample the variational autoencoder.",
        subcommands: [FitCommand.self, VAECommand.self])
}
