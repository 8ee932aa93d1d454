import Foundation

/// A peer's script in `Benchmarks/peers/` run with `--paced`: a child
/// process that does one epoch for each line written to it, so that a
/// benchmark can run Latent's epochs and the peer's in turn. On a shared
/// machine the speed swings by a quarter within minutes; an epoch of each,
/// one right after the other, meets the machine in about the same state,
/// where a whole run of one and then of the other need not.
///
/// The script prints `paced:` on a line of its own once it is ready (its
/// compilation done, before any epoch), then for each line it reads one
/// epoch's figures, `<label>  <path>  <figure> <unit>`, the epoch's last
/// line containing a fixed text (`test seconds` for `vae_numpyro.py`).
final class PacedPeer {
    /// Why the peer gave no figure, once it has failed to: it did not
    /// start, stopped, or printed an epoch without the figure asked for.
    private(set) var failure: String?
    private let script: String
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var pending = Data()
    private var epochs = 0
    private var previousSIGPIPE: sig_t?

    /// Starts `python3 Benchmarks/peers/<script> <arguments> --paced` and
    /// reads its lines up to its `paced:` line, so that nothing of the
    /// peer's runs beside Latent's epochs. When Python or the script's
    /// libraries are missing, ``failure`` holds the script's first line
    /// (which says so) or why it printed nothing.
    init(script: String, arguments: [String]) {
        self.script = script
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "Benchmarks/peers/\(script)"] + arguments + ["--paced"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        // A peer that dies between epochs must not take the benchmark with it.
        previousSIGPIPE = signal(SIGPIPE, SIG_IGN)
        guard (try? process.run()) != nil else {
            failure = "/usr/bin/env could not be started: no peer figures"
            return
        }
        let first = nextLine()
        var line = first
        while let current = line, !current.hasPrefix("paced:") { line = nextLine() }
        if line == nil {
            failure = first ?? "python3 could not run Benchmarks/peers/\(script): no peer figures"
        }
    }

    /// Runs the peer's next epoch and returns the figure `path` of its line
    /// labelled `label`, reading up to the first line containing `last`
    /// (the epoch's last line; whatever its label, so that a label that
    /// does not match cannot leave both processes waiting on each other).
    /// Nil, with ``failure`` set, when the peer has stopped or the epoch
    /// had no such figure.
    func epoch(label: String, path: String, last: String) -> Double? {
        guard failure == nil else { return nil }
        epochs += 1
        guard (try? input.fileHandleForWriting.write(contentsOf: Data("\n".utf8))) != nil else {
            failure = "\(script) stopped before its epoch \(epochs)"
            return nil
        }
        var figure: Double?
        while let line = nextLine() {
            if line.hasPrefix(label), let range = line.range(of: path) {
                figure = line[range.upperBound...].split(separator: " ").first.flatMap { Double($0) }
            }
            guard line.contains(last) else { continue }
            if figure == nil { failure = "\(script)'s epoch \(epochs) printed no '\(label)' line with '\(path)'" }
            return figure
        }
        failure = "\(script) stopped during its epoch \(epochs)"
        return nil
    }

    /// Ends the peer (the end of its input stops it) and restores the
    /// process's handling of SIGPIPE.
    func finish() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.waitUntilExit() }
        if let previousSIGPIPE { signal(SIGPIPE, previousSIGPIPE) }
        previousSIGPIPE = nil
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
