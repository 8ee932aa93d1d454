import LatentCore

/// Per-operation overhead: 100 operations on 8-element Double tensors,
/// forward and backward, as in a small model such as eight schools. The
/// baseline is the same chain written by hand on stack-sized arrays.
enum OverheadBenchmark {
    static let width = 8, rounds = 25  // 4 operations a round

    static func inputs() throws -> (Tensor<Double>, Tensor<Double>, Tensor<Double>) {
        var generator = Xoshiro256PlusPlus(seed: 4)
        return (
            try Tensor<Double>.randomNormal([width], using: &generator),
            try Tensor<Double>.randomNormal([width], standardDeviation: 0.5, using: &generator),
            try Tensor<Double>.randomNormal([width], using: &generator))
    }

    /// The measured workload: the chain through the tape, with gradients.
    static func step(_ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>) throws {
        let result = try valueWithGradient(at: [x, w, b]) { p in
            var y = p[0]
            for _ in 0..<rounds {
                y = tanh(try y * p[1] + p[2]) * 0.9
            }
            return y.sum()
        }
        consume(result)
    }

    static func run() throws {
        let (x, w, b) = try inputs()
        let viaTape = try secondsPerCall { try step(x, w, b) }
        let manual = secondsPerCall { consume(handWritten(x.scalars, w.scalars, b.scalars)) }
        report("100 ops on 8 scalars, fwd+bwd", viaTape * 1e6, unit: "µs",
               baseline: manual * 1e6, baselineName: "hand-written")
    }

    /// A fixed number of steps and no timing, for an instruction-counting
    /// profiler (`valgrind --tool=callgrind LatentBenchmarks overhead-profile`),
    /// whose counts, unlike times, repeat exactly from run to run.
    static func profile() throws {
        let (x, w, b) = try inputs()
        for _ in 0..<2_000 { try step(x, w, b) }
    }

    /// The same chain with its gradients by hand.
    static func handWritten(_ x: [Double], _ w: [Double], _ b: [Double]) -> ([Double], [Double], [Double]) {
        var tanhs = [[Double]](repeating: [], count: rounds)
        var inputs = [[Double]](repeating: [], count: rounds)
        var y = x
        for r in 0..<rounds {
            inputs[r] = y
            tanhs[r] = (0..<width).map { Double.tanh(y[$0] * w[$0] + b[$0]) }
            y = tanhs[r].map { $0 * 0.9 }
        }
        var g = [Double](repeating: 1, count: width)
        var gw = [Double](repeating: 0, count: width), gb = gw
        for r in stride(from: rounds - 1, through: 0, by: -1) {
            for i in 0..<width {
                let local = g[i] * 0.9 * (1 - tanhs[r][i] * tanhs[r][i])
                gw[i] += local * inputs[r][i]
                gb[i] += local
                g[i] = local * w[i]
            }
        }
        return (g, gw, gb)
    }
}
