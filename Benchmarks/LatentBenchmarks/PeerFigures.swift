import Foundation

/// Figures from a peer's script in `Benchmarks/peers/`, run as a child
/// process, by the label each line begins with: so that Latent's figures can
/// be printed beside the peer's from the same run.
struct PeerFigures {
    /// The figures by workload label and path ("jitted per call",
    /// "compiled lax.scan", "wall from start").
    private(set) var figures: [String: [String: Double]] = [:]
    /// The peer's first line (its name and version), or why there are no figures.
    let banner: String

    /// Runs `python3 Benchmarks/peers/<script> <arguments>` and reads lines of
    /// the form `<label>  <path>  <figure> <unit> …`; says so plainly when
    /// Python or the peer is missing.
    init(script: String, arguments: [String] = [], paths: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "Benchmarks/peers/\(script)"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else {
            banner = "python3 is not installed: no peer figures"
            return
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = output.split(separator: "\n").map(String.init)
        banner = lines.first ?? "\(script) printed nothing"
        for line in lines {
            for path in paths {
                guard let range = line.range(of: path) else { continue }
                let label = line[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                let figure = line[range.upperBound...].split(separator: " ").first.flatMap { Double($0) }
                if let figure { figures[label, default: [:]][path] = figure }
            }
        }
    }

    func figure(_ label: String, _ path: String) -> Double? { figures[label]?[path] }
}
