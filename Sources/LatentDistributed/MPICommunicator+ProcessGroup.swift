import LatentInference

/// MPI's world communicator as the process group of a data-parallel
/// ``LatentInference/SVI``: `svi.processGroup = try MPICommunicator.world()`.
extension MPICommunicator: ProcessGroup {}
