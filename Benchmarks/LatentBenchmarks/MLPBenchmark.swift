import CGSL
import LatentCore

/// Forward and backward pass of a 784-400-20 MLP (relu hidden layer, loss
/// ½‖y‖²) at batch 128 in Float: through the tape, and hand-written with
/// the same BLAS calls.
enum MLPBenchmark {
    static let batch = 128, inputs = 784, hidden = 400, outputs = 20

    static func run() throws {
        var generator = Xoshiro256PlusPlus(seed: 3)
        let x = try Tensor<Float>.randomUniform([batch, inputs], using: &generator)
        let w1 = try Tensor<Float>.randomNormal([inputs, hidden], standardDeviation: 0.05, using: &generator)
        let b1 = try Tensor<Float>.zeros([hidden])
        let w2 = try Tensor<Float>.randomNormal([hidden, outputs], standardDeviation: 0.05, using: &generator)
        let b2 = try Tensor<Float>.zeros([outputs])
        let viaTape = try secondsPerCall {
            let result = try valueWithGradient(at: [w1, b1, w2, b2]) { p in
                let h = relu(try matmul(x, p[0]) + p[1])
                let y = try matmul(h, p[2]) + p[3]
                return try (y * y).sum() * 0.5
            }
            consume(result)
        }
        let byHand = try HandWrittenMLP(x: x, w1: w1, b1: b1, w2: w2, b2: b2)
        let manual = withOpenBLASThreads { secondsPerCall { byHand.forwardBackward() } }
        report("MLP 784-400-20 fwd+bwd, batch 128", viaTape * 1e3, unit: "ms",
               baseline: manual * 1e3, baselineName: "hand-written")
    }
}

/// The same network with preallocated raw buffers and explicit gradients:
/// the fastest straightforward code with the same BLAS calls.
final class HandWrittenMLP {
    let batch = MLPBenchmark.batch, inputs = MLPBenchmark.inputs
    let hidden = MLPBenchmark.hidden, outputs = MLPBenchmark.outputs
    let x, w1, b1, w2, b2: UnsafeMutablePointer<Float>
    let h, y, dh, dw1, db1, dw2, db2: UnsafeMutablePointer<Float>

    init(x: Tensor<Float>, w1: Tensor<Float>, b1: Tensor<Float>, w2: Tensor<Float>, b2: Tensor<Float>) throws {
        func copy(_ t: Tensor<Float>) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: t.count)
            t.withUnsafeScalars { p.initialize(from: $0.baseAddress!, count: t.count) }
            return p
        }
        func zeros(_ n: Int) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: n)
            p.initialize(repeating: 0, count: n)
            return p
        }
        (self.x, self.w1, self.b1, self.w2, self.b2) = (copy(x), copy(w1), copy(b1), copy(w2), copy(b2))
        h = zeros(MLPBenchmark.batch * MLPBenchmark.hidden)
        dh = zeros(MLPBenchmark.batch * MLPBenchmark.hidden)
        y = zeros(MLPBenchmark.batch * MLPBenchmark.outputs)
        dw1 = zeros(w1.count)
        db1 = zeros(b1.count)
        dw2 = zeros(w2.count)
        db2 = zeros(b2.count)
    }

    deinit {
        for p in [x, w1, b1, w2, b2, h, y, dh, dw1, db1, dw2, db2] { p.deallocate() }
    }

    func forwardBackward() {
        let (B, I, H, O) = (Int32(batch), Int32(inputs), Int32(hidden), Int32(outputs))
        // h = relu(x·W1 + b1)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, H, I, 1, x, I, w1, H, 0, h, H)
        for r in 0..<batch { for j in 0..<hidden { h[r * hidden + j] = max(h[r * hidden + j] + b1[j], 0) } }
        // y = h·W2 + b2; the loss ½‖y‖² has gradient dy = y.
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, O, H, 1, h, H, w2, O, 0, y, O)
        for r in 0..<batch { for j in 0..<outputs { y[r * outputs + j] += b2[j] } }
        var loss: Float = 0
        for i in 0..<(batch * outputs) { loss += y[i] * y[i] }
        // dW2 = hᵀ·dy, db2 = Σ dy, dh = dy·W2ᵀ ⊙ [h > 0]
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, H, O, B, 1, h, H, y, O, 0, dw2, O)
        db2.update(repeating: 0, count: outputs)
        for r in 0..<batch { for j in 0..<outputs { db2[j] += y[r * outputs + j] } }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, H, O, 1, y, O, w2, O, 0, dh, H)
        for i in 0..<(batch * hidden) where h[i] <= 0 { dh[i] = 0 }
        // dW1 = xᵀ·dh, db1 = Σ dh
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, I, H, B, 1, x, I, dh, H, 0, dw1, H)
        db1.update(repeating: 0, count: hidden)
        for r in 0..<batch { for j in 0..<hidden { db1[j] += dh[r * hidden + j] } }
        consume(loss * 0.5)
    }
}
