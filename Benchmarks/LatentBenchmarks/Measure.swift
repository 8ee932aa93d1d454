import Foundation
import CGSL
import LatentCore

/// Seconds per call of `body`: the best mean over several timed batches, each
/// long enough (≥ 50 ms) that the clock's resolution does not matter. The
/// best batch is the one least disturbed by the rest of the machine.
func secondsPerCall(batches: Int = 7, _ body: () throws -> Void) rethrows -> Double {
    var calls = 1
    while true {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<calls { try body() }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if elapsed >= 0.05 { break }
        calls *= 2
    }
    var best = Double.infinity
    for _ in 0..<batches {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<calls { try body() }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(calls))
    }
    return best
}

/// One line of the report: a figure, its baseline from the same run, and
/// their ratio.
func report(_ name: String, _ value: Double, unit: String, baseline: Double, baselineName: String) {
    let ratio = value / baseline
    let line = String(
        format: "%-44@ %10.3f %-8@ baseline %10.3f (%@)  ratio %.2f",
        name as NSString, value, unit as NSString, baseline, baselineName as NSString, ratio)
    print(line)
}

/// Keeps a value alive so that the optimiser cannot delete the work.
@inline(never)
func consume<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

/// `body` with OpenBLAS on its own threads, one per core Latent uses: the
/// fair setting for baselines that call `cblas_sgemm` directly (Latent sets
/// OpenBLAS to one thread and splits products over its own threads).
func withOpenBLASThreads<T>(_ body: () throws -> T) rethrows -> T {
    openblas_set_num_threads(Int32(ParallelChunks.threads))
    defer { openblas_set_num_threads(1) }
    return try body()
}

/// Standard output of `program arguments`, which must exit 0 (its standard
/// error is discarded).
func childProcessOutput(_ program: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchmarkError.childFailed([program] + arguments, "exit \(process.terminationStatus)") }
    return text
}
