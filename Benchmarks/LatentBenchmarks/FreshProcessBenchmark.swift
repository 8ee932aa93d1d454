import Foundation
import Latent

/// Whole processes, start-up included, each a child of this one: the median
/// of five fresh eight-schools fits (10,000 compiled steps, one particle, then 4,000
/// posterior draws, the summaries and the guide's diagnostics) beside
/// NumPyro's fresh process doing the same; and the peak resident set after
/// 10³ and after 10⁶ replayed steps, which must not grow.
enum FreshProcessBenchmark {
    static let fitSteps = 10_000

    static func run() throws {
        // The median of five children: one start-up on a shared machine can
        // take twice as long as the next.
        let walls = try (0..<5).map { _ in try childSeconds(["fresh-eight-schools"]) }.sorted()
        let wall = walls[2]
        print(String(format: "fresh process: five runs %.3f-%.3f s, median below", walls[0], walls[4]))
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

    /// Wall seconds of this executable run with `arguments`, start-up
    /// included, its output discarded: `posix_spawn` and `waitpid`, since
    /// Foundation's `waitUntilExit` polls its run loop and adds up to 50 ms.
    static func childSeconds(_ arguments: [String]) throws -> Double {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv = ([CommandLine.arguments[0]] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let start = DispatchTime.now().uptimeNanoseconds
        var child: pid_t = 0
        let spawned = posix_spawn(&child, CommandLine.arguments[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchmarkError.childFailed(arguments, "posix_spawn: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(child, &status, 0) == -1 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        guard status == 0 else { throw BenchmarkError.childFailed(arguments, "wait status \(status)") }
        return seconds
    }

    static func childOutput(_ arguments: [String]) throws -> String {
        try childProcessOutput(CommandLine.arguments[0], arguments)
    }

    static func peakResidentKilobytes(steps: Int) throws -> Int {
        let line = try childOutput(["svi-memory-child", "\(steps)"])
        return Int(line.split(whereSeparator: { !$0.isNumber }).first ?? "") ?? 0
    }
}

/// A child process of the benchmark that could not start or did not exit 0.
enum BenchmarkError: Error, CustomStringConvertible {
    case childFailed([String], String)

    var description: String {
        switch self {
        case let .childFailed(arguments, reason): "LatentBenchmarks \(arguments.joined(separator: " ")): \(reason)"
        }
    }
}
