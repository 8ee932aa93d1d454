import LatentCore

/// Per-operation overhead: 100 operations on 8-element Double tensors,
/// forward and backward, as in a small model such as eight schools. The
/// baseline is the same chain written by hand on stack-sized arrays.
enum OverheadBenchmark {
    static let width = 8, rounds = 25  // 4 operations a round

    static func run() throws {
        var generator = Xoshiro256PlusPlus(seed: 4)
        let x = try Tensor<Double>.randomNormal([width], using: &generator)
        let w = try Tensor<Double>.randomNormal([width], standardDeviation: 0.5, using: &generator)
        let b = try Tensor<Double>.randomNormal([width], using: &generator)
        let viaTape = try secondsPerCall {
            let result = try valueWithGradient(at: [x, w, b]) { p in
                var y = p[0]
                for _ in 0..<rounds {
                    y = tanh(try y * p[1] + p[2]) * 0.9
                }
                return y.sum()
            }
            consume(result)
        }
        let manual = secondsPerCall { consume(handWritten(x.scalars, w.scalars, b.scalars)) }
        report("100 ops on 8 scalars, fwd+bwd", viaTape * 1e6, unit: "µs",
               baseline: manual * 1e6, baselineName: "hand-written")
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
