/// An output that could not be written, or a run folder that cannot be used.
public enum OutputError: Error, Equatable, CustomStringConvertible {
    /// A file or folder that could not be written; `reason` is the system's.
    case cannotWrite(path: String, reason: String)
    /// A path given as a folder that is a file (or another non-folder).
    case notAFolder(path: String)
    /// A path where a run writes one of its files that is a folder: the
    /// run would fail as it writes there, and a folder is not the run's to remove.
    case notAFile(path: String)
    /// A file under the name of a run's checkpoint that the run did not
    /// write (another program's model, say): never replaced.
    case foreignFile(path: String)
    /// A path given as a folder that is a symbolic link to nothing.
    case brokenLink(path: String, target: String)
    /// A run was to start in a folder that already holds one (`file` is the
    /// first of its files found there).
    case holdsARun(folder: String, file: String)
    /// A run was to be resumed from a folder with no checkpoint.
    case nothingToResume(folder: String, checkpoint: String)
    /// Another living process holds the folder's ``RunLock``.
    case inUse(folder: String, pid: Int32?)

    /// The error in words, with what to do about it where there is a choice.
    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): "cannot write \(path): \(reason)"
        case let .notAFolder(path): "\(path) is a file, not a folder"
        case let .notAFile(path): "\(path) is a folder where a file of the run belongs; move it away or choose another folder"
        case let .foreignFile(path): "\(path) is not a checkpoint of Latent's and is never replaced; move it away or choose another folder"
        case let .brokenLink(path, target): "\(path) is a symbolic link to \(target), which does not exist"
        case let .holdsARun(folder, file):
            "\(folder) already holds a run (\(file)); resume it, overwrite it explicitly, or choose another folder"
        case let .nothingToResume(folder, checkpoint): "\(folder) holds no \(checkpoint) to resume from"
        case let .inUse(folder, pid):
            "\(folder) is in use by another run (\(pid.map { "process \($0)" } ?? "process unknown")); wait for it to end or choose another folder"
        }
    }
}
