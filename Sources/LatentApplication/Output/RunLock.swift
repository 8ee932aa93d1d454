import Foundation

/// An exclusive hold on a run folder: an advisory `flock(2)` on the file
/// `.latent.lock` in it, which holds the owner's process id. The kernel
/// drops the hold when its process ends however it ends, so the lock of a
/// killed run is stale by construction and the next run takes it over;
/// while its owner lives, every other attempt (from any process, this one
/// included) is refused.
public final class RunLock {
    /// The lock file's name inside the folder.
    public static let fileName = ".latent.lock"
    /// The lock file's path: ``fileName`` in the folder.
    public let path: String
    private var descriptor: Int32

    /// Takes the hold on `folder` (which must exist) and writes this
    /// process's id into the lock file; a stale lock is taken over.
    /// - Throws: ``OutputError/inUse(folder:pid:)`` while another run holds
    ///   the folder, ``OutputError/cannotWrite(path:reason:)`` when the lock
    ///   file cannot be created.
    public init(folder: String) throws {
        path = "\(folder)/\(Self.fileName)"
        while true {
            let candidate = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard candidate >= 0 else { throw OutputError.cannotWrite(path: path, reason: lastSystemError()) }
            guard flock(candidate, LOCK_EX | LOCK_NB) == 0 else {
                let failure = errno
                let reason = lastSystemError()
                let holder = Self.recordedOwner(candidate)
                close(candidate)
                throw failure == EWOULDBLOCK ? OutputError.inUse(folder: folder, pid: holder) : OutputError.cannotWrite(path: path, reason: reason)
            }
            // A previous owner removes the file as it releases; a hold on a
            // file no longer under this name guards nothing: open afresh.
            guard Self.isStillNamed(path, by: candidate) else {
                close(candidate)
                continue
            }
            let record = Array("\(getpid())\n".utf8)
            guard ftruncate(candidate, 0) == 0, pwrite(candidate, record, record.count, 0) == record.count else {
                let reason = lastSystemError()
                close(candidate)
                throw OutputError.cannotWrite(path: path, reason: reason)
            }
            descriptor = candidate
            return
        }
    }

    deinit { release() }

    /// Removes the lock file and drops the hold (idempotent).
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(path)
        close(descriptor)
        descriptor = -1
    }

    /// The process id written in an open lock file, if it holds one.
    private static func recordedOwner(_ descriptor: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func isStillNamed(_ path: String, by descriptor: Int32) -> Bool {
        var opened = stat()
        var named = stat()
        guard fstat(descriptor, &opened) == 0, stat(path, &named) == 0 else { return false }
        return opened.st_ino == named.st_ino && opened.st_dev == named.st_dev
    }
}
