import Foundation

/// Data parallelism's cost on this machine: one MNIST training epoch of the
/// 784-400-20 VAE (batch 128) by `latent vae train` in one process on every
/// core, beside the same epoch under `mpirun -np 2` (one core a rank), in
/// interleaved rounds; and the all-reduce of the VAE's 652,824 Float
/// gradients between 2 ranks over shared memory, beside the same over TCP
/// (`LatentMPICheck time`). The epoch is `seconds_per_epoch` from the run's
/// metrics.json (the test ELBO included). Without `mpirun`, the sibling
/// executables or MNIST there is no figure, and it says so.
enum ScalingBenchmark {
    static func run() throws {
        let folder = ProcessInfo.processInfo.environment["LATENT_MNIST"] ?? "../shared/data/mnist"
        let built = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let (latent, checker) = (built.appendingPathComponent("latent").path, built.appendingPathComponent("LatentMPICheck").path)
        let mpirun = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
            .map { "\($0)/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let mpirun else { return print("scaling: mpirun is not installed (make deps installs openmpi-bin): no figures") }
        guard FileManager.default.isExecutableFile(atPath: latent), FileManager.default.isExecutableFile(atPath: checker) else {
            return print("scaling: build latent and LatentMPICheck beside LatentBenchmarks (swift build -c release): no figures")
        }
        guard FileManager.default.fileExists(atPath: folder + "/train-images-idx3-ubyte.gz")
                || FileManager.default.fileExists(atPath: folder + "/train-images-idx3-ubyte") else {
            return print("scaling: no MNIST at \(folder) (set LATENT_MNIST): no figures")
        }
        let launch = (getuid() == 0 ? ["--allow-run-as-root"] : []) + ["--oversubscribe", "-np", "2"]
        let tcp = ["--mca", "pml", "ob1", "--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", "lo"]
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("latent-scaling-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        var (alone, pair): ([Double], [Double]) = ([], [])
        for round in 0..<2 {
            let train = ["vae", "train", "--data", folder, "--epochs", "1", "--out"]
            alone.append(try epochSeconds(latent, train + ["\(scratch)/alone\(round)"]))
            pair.append(try epochSeconds(mpirun, launch + [latent] + train + ["\(scratch)/pair\(round)"]))
        }
        let (one, two) = (alone.min()!, pair.min()!)
        let steps = 469.0
        print(String(format: "scaling: MNIST epoch, one process on every core %.2f s (%.2f ms a step); 2 ranks of one core %.2f s (%.2f ms a step): ratio %.2f",
                     one, one / steps * 1e3, two, two / steps * 1e3, two / one))
        let shared = try allReduceMilliseconds(mpirun, launch + [checker, "time"])
        let network = try allReduceMilliseconds(mpirun, launch + tcp + [checker, "time"])
        print(String(format: "scaling: all-reduce of 652,824 Floats, 2 ranks: shared memory %.3f ms, TCP %.3f ms (ratio %.2f); shared memory is %.1f %% of a one-process step",
                     shared, network, network / shared, shared / (one / steps * 1e3) * 100))
    }

    /// Runs `program arguments`, whose last argument is a run folder, and
    /// returns that run's `seconds_per_epoch`.
    private static func epochSeconds(_ program: String, _ arguments: [String]) throws -> Double {
        _ = try childProcessOutput(program, arguments)
        let metrics = try Data(contentsOf: URL(fileURLWithPath: arguments.last! + "/metrics.json"))
        guard let object = try JSONSerialization.jsonObject(with: metrics) as? [String: Any],
              let seconds = (object["seconds_per_epoch"] as? [Double])?.first else {
            throw BenchmarkError.childFailed(arguments, "no seconds_per_epoch in its metrics.json")
        }
        return seconds
    }

    /// The milliseconds `LatentMPICheck time` printed for one all-reduce.
    private static func allReduceMilliseconds(_ program: String, _ arguments: [String]) throws -> Double {
        let text = try childProcessOutput(program, arguments)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("all-reduce of") }),
              let value = line.split(separator: ":").last?.split(separator: " ").first.flatMap({ Double($0) }) else {
            throw BenchmarkError.childFailed(arguments, "printed no all-reduce time")
        }
        return value
    }
}
