// Latent's benchmarks, each printed beside a baseline measured in the same
// run. Run with `make bench` (release mode).
#if DEBUG
print("warning: a debug build; run `make bench` for release-mode figures")
#endif
import Foundation

// `LatentBenchmarks overhead` (or any other benchmark's name) runs just that one.
let only = CommandLine.arguments.dropFirst().first
if only == nil || only == "matmul" { try MatmulBenchmark.run() }
if only == nil || only == "elementwise" { try ElementwiseBenchmark.run() }
if only == nil || only == "mlp" { try MLPBenchmark.run() }
if only == nil || only == "overhead" { try OverheadBenchmark.run() }
if only == nil || only == "svi" { try SVIBenchmark.run() }
if only == nil || only == "fresh" { try FreshProcessBenchmark.run() }
if only == nil || only == "vae" { try VAEBenchmark.run() }
if only == nil || only == "vae-epoch" { try VAEEpochBenchmark.run(.bernoulli) }
if only == nil || only == "vae-epoch-gaussian" { try VAEEpochBenchmark.run(.gaussian) }
if only == nil || only == "vae-phases" { try VAEPhases.run() }
if only == nil || only == "vae-eval" { try VAEEvalBenchmark.run() }
if only == nil || only == "scaling" { try ScalingBenchmark.run() }
if only == "overhead-profile" { try OverheadBenchmark.profile() }
if only == "svi-profile" { try SVIBenchmark.profile() }
if only == "fresh-eight-schools" { try FreshProcessBenchmark.fitEightSchools() }
if only == "svi-memory-child" {
    try FreshProcessBenchmark.replayAndReportPeak(steps: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 1_000)
}
if only == "svi-schools-profile" {
    let arguments = CommandLine.arguments.dropFirst(2).compactMap { Int($0) }
    try SVIBenchmark.eightSchoolsProfile(steps: arguments.first ?? 100_000, particles: arguments.dropFirst().first ?? 1)
}
if only == "vae-profile" { try VAEBenchmark.profile(epochs: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 30) }
if only == "matmul-sparsity" { try MatmulBenchmark.sparsitySweep() }
if only == "vae-forward-profile" { try VAEPhases.forwardProfile() }
