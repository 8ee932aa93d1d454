import Foundation

/// Files written whole or not at all: the bytes go to a temporary file in
/// the same folder, are flushed to the disk, and the file is then renamed
/// over the destination (rename is atomic within a file system), so a crash
/// or a power cut never leaves half a file.
///
/// The temporary file is named `.NAME.PID.UUID.tmp`, after the destination,
/// the writing process and a fresh UUID; ``removeOrphans(in:includingUnowned:)`` removes
/// those whose writer has died.
public enum AtomicFile {
    /// Writes `bytes` to `path`, whole or not at all.
    /// - Throws: ``OutputError/cannotWrite(path:reason:)`` naming the
    ///   system's reason (permission denied, no space left…).
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { temporary in
            if let reason = write(bytes, into: temporary) { throw OutputError.cannotWrite(path: path, reason: reason) }
        }
    }

    /// Writes `text`, encoded as UTF-8, to `path`, whole or not at all.
    /// - Throws: ``OutputError/cannotWrite(path:reason:)`` naming the system's reason.
    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }

    /// A file written whole or not at all by `produce`, given the path of
    /// the temporary file (made empty first): `write(_:to:)`
    /// writes bytes into it, another library (netCDF) may create and fill
    /// it by name. It is then flushed and renamed over `path`.
    /// Whatever `produce` throws is rethrown, and the temporary file removed.
    /// - Throws: ``OutputError/cannotWrite(path:reason:)`` when the
    ///   temporary file cannot be made, or the result flushed or renamed.
    public static func write(to path: String, using produce: (_ temporary: String) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = "\(folder)/.\(url.lastPathComponent).\(getpid()).\(UUID().uuidString).tmp"
        // Made here first, so that a folder that cannot take it is named with the system's reason.
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw OutputError.cannotWrite(path: path, reason: lastSystemError()) }
        close(descriptor)
        do {
            try produce(temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        if let reason = flush(temporary) ?? (rename(temporary, path) == 0 ? nil : lastSystemError()) {
            unlink(temporary)
            throw OutputError.cannotWrite(path: path, reason: reason)
        }
        flushFolder(folder)
    }

    /// Flushes a written file to the disk; returns the system's reason when it cannot.
    private static func flush(_ file: String) -> String? {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return lastSystemError() }
        defer { close(descriptor) }
        return fsync(descriptor) == 0 ? nil : lastSystemError()
    }

    /// Removes the temporary files that writes into `folder` left behind
    /// when their process was killed: only names of this type's pattern,
    /// only those whose writer no longer runs, and those of the older
    /// pattern without a process id when `includingUnowned` is set (safe
    /// while holding the folder's ``RunLock``). Returns the names removed.
    @discardableResult
    public static func removeOrphans(in folder: String, includingUnowned: Bool = false) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { name in
            switch writer(ofTemporary: name) {
            case nil: false
            case .unknown: includingUnowned
            case let .process(pid): !processIsAlive(pid)
            }
        }.filter { unlink("\(folder)/\($0)") == 0 }.sorted()
    }

    /// Who wrote a temporary file of ours.
    enum Writer: Equatable {
        /// The process with this id (`.NAME.PID.UUID.tmp`).
        case process(Int32)
        /// Not recorded (the older pattern `.NAME.UUID.tmp`).
        case unknown
    }

    /// The writer of a temporary file named `name`; nil when the name is not of our pattern.
    static func writer(ofTemporary name: String) -> Writer? {
        guard name.hasPrefix("."), name.hasSuffix(".tmp") else { return nil }
        var parts = name.dropFirst().dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, let last = parts.popLast(), UUID(uuidString: String(last)) != nil else { return nil }
        if parts.count >= 2, let pid = Int32(parts[parts.count - 1]), pid > 0 { return .process(pid) }
        return .unknown
    }

    /// Writes `bytes` into the (empty) file `temporary`; returns the system's reason when it cannot.
    private static func write(_ bytes: [UInt8], into temporary: String) -> String? {
        let descriptor = open(temporary, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return lastSystemError() }
        defer { close(descriptor) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return count == 0 ? "the write made no progress" : lastSystemError() }
            written += count
        }
        return nil
    }

    /// Makes the rename itself durable; a folder that cannot be flushed
    /// (some file systems refuse) still holds the whole file.
    private static func flushFolder(_ folder: String) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// Whether a process with this id exists (one of another user counts).
func processIsAlive(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0 || errno == EPERM
}

/// The message of the last system call's `errno`.
func lastSystemError() -> String {
    String(cString: strerror(errno))
}
