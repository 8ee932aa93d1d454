import Foundation

/// Files written whole or not at all: the bytes go to a temporary file in
/// the same folder, which is then renamed over the destination (rename is
/// atomic within a file system), so a crash never leaves half a file.
public enum AtomicFile {
    /// - Throws: ``OutputError/cannotWrite(path:reason:)``.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            throw OutputError.cannotWrite(path: path, reason: "\(error.localizedDescription)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw OutputError.cannotWrite(path: path, reason: reason)
        }
    }

    public static func write(_ text: String, to path: String) throws {
        try write(Array(text.utf8), to: path)
    }
}
