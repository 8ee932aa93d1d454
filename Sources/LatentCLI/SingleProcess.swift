import LatentDistributed

/// Refuses to run `command` as one of several ranks of an `mpirun` job:
/// only `latent vae train` spreads its work over ranks, and P copies of
/// another command would each write the same files.
/// - Throws: ``CommandError`` when the job has more than one rank.
func requireSingleProcess(_ command: String) throws {
    guard let size = MPICommunicator.launchedSize, size > 1 else { return }
    throw CommandError("latent \(command) runs in one process, not \(size): start it without mpirun (latent vae train is the command that spreads over ranks)")
}
