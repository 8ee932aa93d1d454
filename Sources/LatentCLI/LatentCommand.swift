import ArgumentParser
import Foundation
import LatentDistributed

/// `latent`: Latent's command line.
@main
struct LatentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latent",
        abstract: "Variational inference in Swift: fit bundled models, train, evaluate and sample the variational autoencoder.",
        subcommands: [FitCommand.self, VAECommand.self])

    /// Parses and runs the command. Under `mpirun`, a mistake in the
    /// arguments is the same on every rank, so only rank 0 says it (and
    /// every rank exits with its status), rather than P interleaved copies.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            if let rank = MPICommunicator.launchedRank, rank != 0 { Foundation.exit(exitCode(for: error).rawValue) }
            exit(withError: error)
        }
    }
}
