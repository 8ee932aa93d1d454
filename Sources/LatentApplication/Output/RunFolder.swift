import Foundation

/// A run's output folder, checked and held before any work is done: it is
/// created if need be, proved writable by an atomic write, locked against a
/// second run (``RunLock``), cleared of the temporary files a killed write
/// left, and matched against what the run intends to do with what it
/// already holds.
public final class RunFolder {
    /// What a run means to do with the folder.
    public enum Intent: Sendable {
        /// Start a new run; refused when the folder already holds one.
        case start
        /// Continue the run whose checkpoint the folder holds.
        case resume
        /// Start a new run, removing the one the folder holds first.
        case overwrite
    }

    public let path: String
    /// The lock held until ``release()`` (or until this object goes away).
    public let lock: RunLock
    /// Temporary files of killed writes removed on opening, by name.
    public let removedOrphans: [String]
    /// The folders this run created (`path` and missing parents, outermost
    /// first), removed again on release while they are empty.
    private var createdFolders: [String] = []

    /// - Parameters:
    ///   - checkpoint: the name of the run's checkpoint in the folder, which
    ///     `.resume` needs.
    ///   - outputs: the names of the run's other files; any of them, or the
    ///     checkpoint, marks the folder as holding a run.
    /// - Throws: ``OutputError`` naming the folder: not a folder, not
    ///   writable (with the system's reason), in use by another run, holding
    ///   a run when starting, or without a checkpoint when resuming.
    public init(path: String, intent: Intent, checkpoint: String, outputs: [String]) throws {
        self.path = path
        // A run to resume needs its folder: do not create one only to refuse it.
        if intent == .resume, !FileManager.default.fileExists(atPath: "\(path)/\(checkpoint)") {
            throw OutputError.nothingToResume(folder: path, checkpoint: checkpoint)
        }
        var created: [String] = []
        try Self.makeFolder(path, created: &created)
        do {
            try Self.proveWritable(path)
            lock = try RunLock(folder: path)
        } catch {
            Self.removeIfEmpty(created)
            throw error
        }
        createdFolders = created
        removedOrphans = AtomicFile.removeOrphans(in: path, includingUnowned: true)
        let present = ([checkpoint] + outputs).filter { FileManager.default.fileExists(atPath: "\(path)/\($0)") }
        switch intent {
        case .start:
            if let first = present.first { throw OutputError.holdsARun(folder: path, file: first) }
        case .resume:
            guard present.contains(checkpoint) else { throw OutputError.nothingToResume(folder: path, checkpoint: checkpoint) }
        case .overwrite:
            for name in present where unlink("\(path)/\(name)") != 0 {
                throw OutputError.cannotWrite(path: "\(path)/\(name)", reason: lastSystemError())
            }
        }
    }

    /// Drops the folder's lock and removes the folders this run created if
    /// they are still empty, so that a run that failed before writing
    /// anything leaves no trace (idempotent).
    public func release() {
        lock.release()
        Self.removeIfEmpty(createdFolders)
        createdFolders = []
    }

    /// Removes `folders` (outermost first) innermost first, stopping at the
    /// first that is not empty.
    private static func removeIfEmpty(_ folders: [String]) {
        for folder in folders.reversed() where rmdir(folder) != 0 { return }
    }

    /// Creates `path` and its missing parents, as `mkdir -p` does, adding
    /// each folder it creates to `created`.
    private static func makeFolder(_ path: String, created: inout [String]) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw OutputError.notAFolder(path: path) }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeFolder(parent, created: &created) }
        if mkdir(path, 0o777) == 0 {
            created.append(path)
        } else if errno != EEXIST {
            throw OutputError.cannotWrite(path: path, reason: "cannot create the folder (\(lastSystemError()))")
        }
    }

    /// Writes and removes a small file the way every output is written.
    private static func proveWritable(_ path: String) throws {
        let probe = "\(path)/.latent.probe.\(getpid())"
        do {
            try AtomicFile.write([0x0A], to: probe)
        } catch let OutputError.cannotWrite(_, reason) {
            throw OutputError.cannotWrite(path: path, reason: "the folder is not writable (\(reason))")
        }
        unlink(probe)
    }
}
