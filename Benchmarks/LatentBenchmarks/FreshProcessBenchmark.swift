import Foundation
import Latent

/// Whole processes, start-up included, each a child of this one: a fresh
/// eight-schools fit (10,000 compiled steps, one particle, then 4,000
/// posterior draws, the summaries and the guide's diagnostics) beside
/// NumPyro's fresh process doing the same; and the peak resident set after
/// 10³ and after 10⁶ replayed steps, which must not grow.
enum FreshProcessBenchmark {
    static let fitSteps = 10_000

    static func run() throws {
        let wall = try childSeconds(["fresh-eight-schools"])
        // NumPyro's own wall time, from the top of its script (no diagnostics).
        let numpyro = PeerFigures(script: "svi_numpyro.py", arguments: ["fresh"], paths: ["wall from start"])
            .figure("fresh eight schools, 10,000 steps", "wall from start")
        if let numpyro {
            report("fresh process: eight schools, 10,000 steps", wall, unit: "s", baseline: numpyro, baselineName: "NumPyro fresh")
        } else {
            print(String(format: "%-44@ %10.3f s (NumPyro is not installed: no figure beside it)", "fresh process: eight schools, 10,000 steps" as NSString, wall))
        }
        let short = try peakResidentKilobytes(steps: 1_000)
        let long = try peakResidentKilobytes(steps: 1_000_000)
        report("peak resident set after 10^6 steps", Double(long) / 1024, unit: "MiB",
               baseline: Double(short) / 1024, baselineName: "after 10^3")
        // svi.losses keeps one Double per step, by design: 10^6 of them are 7.6 MiB.
        let history = Double((1_000_000 - 1_000) * MemoryLayout<Double>.size) / 1_048_576
        report("  growth beyond the loss history", Double(long - short) / 1024 - history, unit: "MiB",
               baseline: history, baselineName: "loss history")
    }

    /// The child's work for the fresh-process figure.
    static func fitEightSchools() throws {
        let fit = try EightSchools().fit(steps: fitSteps, particles: 1)
        print("mu:\n\(fit.mu)\ntau:\n\(fit.tau)\ntheta:\n\(fit.theta)\n\(fit.diagnostics)")
    }

    /// The child's work for the memory figure: `steps` compiled steps, then
    /// the peak resident set (VmHWM) in KiB.
    static func replayAndReportPeak(steps: Int) throws {
        let model = EightSchools().model
        let svi = SVI(model: model, guide: AutoNormal(model: model), objective: try TraceELBO(),
                      optimizer: try Adam(learningRate: 0.01), context: ModelContext(seed: 1))
        for _ in 0..<steps { try svi.step() }
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }
        print(peak.map(String.init) ?? "VmHWM: unknown")
    }

    /// Wall seconds of this executable run with `arguments`, start-up included.
    static func childSeconds(_ arguments: [String]) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try childOutput(arguments)
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func childOutput(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return output
    }

    static func peakResidentKilobytes(steps: Int) throws -> Int {
        let line = try childOutput(["svi-memory-child", "\(steps)"])
        return Int(line.split(whereSeparator: { !$0.isNumber }).first ?? "") ?? 0
    }
}
