import Foundation

/// A run's output folder, checked and held before any work is done: it is
/// created if need be, proved writable by an atomic write, locked against a
/// second run (``RunLock``), cleared of the temporary files a killed write
/// left, and matched against what the run intends to do with what it
/// already holds.
///
/// Only the files ``RunFiles`` names are the run's: a folder holding other
/// files holds no run, and replacing a run leaves those files alone.
public final class RunFolder {
    /// What a run means to do with the folder.
    public enum Intent: Sendable {
        /// Start a new run; refused when the folder already holds one.
        case start
        /// Continue the run whose checkpoint the folder holds.
        case resume
        /// Add outputs to the run whose checkpoint the folder holds,
        /// without training it (a picture drawn from the checkpoint).
        case addOutputs
        /// Start a new run that replaces the one the folder holds; the
        /// earlier run's files stay until ``RunFolder/retireEarlierRun()``.
        case overwrite
    }

    /// The folder's path, as given.
    public let path: String
    /// The names of the run's files.
    public let files: RunFiles
    /// The lock held until ``release()`` (or until this object goes away).
    public let lock: RunLock
    /// Temporary files of killed writes removed on opening, by name.
    public let removedOrphans: [String]
    /// With ``Intent/overwrite``: the earlier run's files found on opening
    /// (checkpoint first), until ``retireEarlierRun()`` removes them.
    public private(set) var earlierRun: [String] = []
    /// The folders this run created (`path` and missing parents, outermost
    /// first), removed again on release while they are empty.
    private var createdFolders: [String] = []

    /// Opens `path` for a run that means `intent`: creates it if need be,
    /// proves it writable, locks it, removes temporary files of killed
    /// writes, and checks what it holds against `intent`.
    /// - Parameters:
    ///   - path: the folder.
    ///   - intent: what the run means to do with the folder.
    ///   - files: the names of the run's files.
    /// - Throws: ``OutputError`` naming the folder or file: not a folder, a
    ///   broken symbolic link, not writable (with the system's reason), in
    ///   use by another run, holding a folder where a file of the run
    ///   belongs, holding another program's file under the checkpoint's
    ///   name when starting or overwriting, holding a run when starting,
    ///   or without a checkpoint when resuming or adding outputs.
    public init(path: String, intent: Intent, files: RunFiles) throws {
        self.path = path
        self.files = files
        let needsCheckpoint = intent == .resume || intent == .addOutputs
        if FileManager.default.fileExists(atPath: path), !Self.isFolder(path) { throw OutputError.notAFolder(path: path) }
        // A run to continue needs its folder: do not create one only to refuse it.
        if needsCheckpoint, !FileManager.default.fileExists(atPath: "\(path)/\(files.checkpoint)") {
            throw OutputError.nothingToResume(folder: path, checkpoint: files.checkpoint)
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
        removedOrphans = (AtomicFile.removeOrphans(in: path, includingUnowned: true) + Self.removeDeadProbes(in: path)).sorted()
        let present = try Self.runFiles(in: path, files)
        let checkpointPath = "\(path)/\(files.checkpoint)"
        if intent == .start || intent == .overwrite, present.first == files.checkpoint, !files.isOwnCheckpoint(checkpointPath) {
            throw OutputError.foreignFile(path: checkpointPath)
        }
        switch intent {
        case .start:
            if let first = present.first { throw OutputError.holdsARun(folder: path, file: first) }
        case .resume, .addOutputs:
            guard present.contains(files.checkpoint) else { throw OutputError.nothingToResume(folder: path, checkpoint: files.checkpoint) }
        case .overwrite:
            earlierRun = present
        }
    }

    /// Removes the earlier run's files that an overwrite found, except its
    /// checkpoint: call it right before the new run writes its first
    /// checkpoint, whose rename replaces the earlier one in one step. So
    /// the folder holds the earlier run whole until the new run has
    /// something to keep, then the earlier checkpoint alone (a run that
    /// can still be resumed), then the new run: never files of both.
    /// A new run that fails before its first checkpoint leaves the earlier
    /// run as it was.
    /// - Throws: ``OutputError/cannotWrite(path:reason:)`` naming a file
    ///   that cannot be removed.
    public func retireEarlierRun() throws {
        for name in earlierRun where name != files.checkpoint {
            guard unlink("\(path)/\(name)") == 0 || errno == ENOENT else {
                throw OutputError.cannotWrite(path: "\(path)/\(name)", reason: "cannot remove the earlier run's file (\(lastSystemError()))")
            }
        }
        earlierRun = []
    }

    /// Drops the folder's lock and removes the folders this run created if
    /// they are still empty, so that a run that failed before writing
    /// anything leaves no trace (idempotent).
    public func release() {
        lock.release()
        Self.removeIfEmpty(createdFolders)
        createdFolders = []
    }

    /// Removes the probes of processes killed between writing and removing
    /// one; returns their names.
    private static func removeDeadProbes(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            guard name.hasPrefix(probePrefix), let pid = Int32(name.dropFirst(probePrefix.count)), pid > 0 else { return false }
            return !processIsAlive(pid) && unlink("\(folder)/\(name)") == 0
        }
    }

    /// The names of the run's files that `folder` holds: the fixed names
    /// (checkpoint first), then the numbered ones in name order. A folder
    /// under a fixed name is refused, as the run would fail writing there;
    /// one under a numbered name is not the run's and is passed over.
    private static func runFiles(in folder: String, _ files: RunFiles) throws -> [String] {
        var present: [String] = []
        for name in files.fixedNames {
            switch kind(of: "\(folder)/\(name)") {
            case nil: continue
            case .folder: throw OutputError.notAFile(path: "\(folder)/\(name)")
            case .other: present.append(name)
            }
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let numbered = names.filter { name in
            !files.fixedNames.contains(name) && files.owns(name) && kind(of: "\(folder)/\(name)") == .other
        }
        return present + numbered.sorted()
    }

    private enum Kind { case folder, other }

    /// Whether `path` is a folder or a symbolic link to one.
    private static func isFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }

    /// What `path` itself is (a symbolic link is not followed); nil when nothing is there.
    private static func kind(of path: String) -> Kind? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return status.st_mode & S_IFMT == S_IFDIR ? .folder : .other
    }

    /// Removes `folders` (outermost first) innermost first, stopping at the
    /// first that is not empty.
    private static func removeIfEmpty(_ folders: [String]) {
        for folder in folders.reversed() where rmdir(folder) != 0 { return }
    }

    /// Creates `path` and its missing parents, as `mkdir -p` does, adding
    /// each folder it creates to `created`.
    private static func makeFolder(_ path: String, created: inout [String]) throws {
        if FileManager.default.fileExists(atPath: path) {
            guard isFolder(path) else { throw OutputError.notAFolder(path: path) }
            return
        }
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path) {
            throw OutputError.brokenLink(path: path, target: target)
        }
        if let parent = parentFolder(of: path) { try makeFolder(parent, created: &created) }
        if mkdir(path, 0o777) == 0 {
            created.append(path)
        } else if errno != EEXIST {
            throw OutputError.cannotWrite(path: path, reason: "cannot create the folder (\(lastSystemError()))")
        }
    }

    /// The folder holding `path` as written ("a/b/" → "a", "/a" → "/"); nil
    /// for the root and for a single relative name, whose parent (the
    /// working folder) exists. Computed by hand: Foundation's
    /// `deletingLastPathComponent` traps on some one-letter paths.
    private static func parentFolder(of path: String) -> String? {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard trimmed != "/", let slash = trimmed.lastIndex(of: "/") else { return nil }
        var parent = trimmed[..<slash]
        while parent.hasSuffix("/") { parent = parent.dropLast() }
        return parent.isEmpty ? "/" : String(parent)
    }

    /// What the probe of ``proveWritable(_:)`` is named after, before its process id.
    private static let probePrefix = ".latent.probe."

    /// Writes and removes a small file the way every output is written.
    private static func proveWritable(_ path: String) throws {
        let probe = "\(path)/\(probePrefix)\(getpid())"
        do {
            try AtomicFile.write([0x0A], to: probe)
        } catch let OutputError.cannotWrite(_, reason) {
            throw OutputError.cannotWrite(path: path, reason: "the folder is not writable (\(reason))")
        }
        unlink(probe)
    }
}
