import Foundation

/// A peer's script in `Benchmarks/peers/` run with `--paced`: a child
/// process that does one epoch for each line written to it, so that a
/// benchmark can run Latent's epochs and the peer's in turn. On a shared
/// machine the speed swings by a quarter within minutes; an epoch of each,
/// one right after the other, meets the machine in about the same state,
/// where a whole run of one and then of the other need not.
final class PacedPeer {
    /// The peer's first line (its name and version), or why there is no peer.
    private(set) var banner = ""
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending = Data()
    private var running = false

    /// Starts `python3 Benchmarks/peers/<script> <arguments> --paced` and
    /// reads its lines up to one containing `readyWhen` (its compilation
    /// done, before any epoch), so that nothing of the peer's runs beside
    /// Latent's epochs. No peer (``isRunning`` false) when Python or the
    /// script's libraries are missing: ``banner`` says so.
    init(script: String, arguments: [String], readyWhen marker: String) {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "Benchmarks/peers/\(script)"] + arguments + ["--paced"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        // A peer that dies between epochs must not take the benchmark with it.
        signal(SIGPIPE, SIG_IGN)
        guard (try? process.run()) != nil else {
            banner = "python3 is not installed: no peer figures"
            return
        }
        running = true
        banner = nextLine() ?? "python3 could not run Benchmarks/peers/\(script): no peer figures"
        while let line = nextLine() {
            if line.contains(marker) { return }
        }
        running = false
    }

    /// Whether the peer started and is waiting for its next epoch.
    var isRunning: Bool { running }

    /// Runs the peer's next epoch and returns the figure `path` of the line
    /// labelled `label` (`<label>  <path>  <figure> <unit>`), read up to the
    /// line containing `last` (the epoch's last line); nil when the peer
    /// stopped first.
    func epoch(label: String, path: String, last: String) -> Double? {
        guard running else { return nil }
        guard (try? input.fileHandleForWriting.write(contentsOf: Data("\n".utf8))) != nil else {
            running = false
            return nil
        }
        var figure: Double?
        while let line = nextLine() {
            if line.hasPrefix(label), let range = line.range(of: path) {
                figure = line[range.upperBound...].split(separator: " ").first.flatMap { Double($0) }
            }
            if line.hasPrefix(label), line.contains(last) { return figure }
        }
        running = false
        return nil
    }

    /// Ends the peer: the end of its input stops it after its last epoch.
    func finish() {
        guard process.isRunning || running else { return }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        running = false
    }

    /// The peer's next line of output, nil at its end.
    private func nextLine() -> String? {
        while true {
            if let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<end], as: UTF8.self)
                pending = Data(pending[(end + 1)...])
                return line
            }
            let more = output.fileHandleForReading.availableData
            if more.isEmpty {
                guard !pending.isEmpty else { return nil }
                defer { pending = Data() }
                return String(decoding: pending, as: UTF8.self)
            }
            pending.append(more)
        }
    }
}
