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
        let manual = secondsPerCall { byHand.forwardBackward() }
        report("MLP 784-400-20 fwd+bwd, batch 128", viaTape * 1e3, unit: "ms",
               baseline: manual * 1e3, baselineName: "hand-written")
    }
}

/// The same network with preallocated buffers and explicit gradients.
final class HandWrittenMLP {
    let batch = MLPBenchmark.batch, inputs = MLPBenchmark.inputs
    let hidden = MLPBenchmark.hidden, outputs = MLPBenchmark.outputs
    var x, w1, b1, w2, b2: [Float]
    var h, y, dh, dw1, db1, dw2, db2: [Float]

    init(x: Tensor<Float>, w1: Tensor<Float>, b1: Tensor<Float>, w2: Tensor<Float>, b2: Tensor<Float>) throws {
        self.x = x.scalars
        self.w1 = w1.scalars
        self.b1 = b1.scalars
        self.w2 = w2.scalars
        self.b2 = b2.scalars
        h = [Float](repeating: 0, count: MLPBenchmark.batch * MLPBenchmark.hidden)
        dh = h
        y = [Float](repeating: 0, count: MLPBenchmark.batch * MLPBenchmark.outputs)
        dw1 = self.w1
        db1 = self.b1
        dw2 = self.w2
        db2 = self.b2
    }

    func forwardBackward() {
        let (B, I, H, O) = (Int32(batch), Int32(inputs), Int32(hidden), Int32(outputs))
        // h = relu(x·W1 + b1)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, H, I, 1, x, I, w1, H, 0, &h, H)
        for r in 0..<batch { for j in 0..<hidden { h[r * hidden + j] = max(h[r * hidden + j] + b1[j], 0) } }
        // y = h·W2 + b2; dy = y
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, O, H, 1, h, H, w2, O, 0, &y, O)
        for r in 0..<batch { for j in 0..<outputs { y[r * outputs + j] += b2[j] } }
        var loss: Float = 0
        for v in y { loss += v * v }
        // dW2 = hᵀ·dy, db2 = Σ dy, dh = dy·W2ᵀ ⊙ [h > 0]
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, H, O, B, 1, h, H, y, O, 0, &dw2, O)
        for j in 0..<outputs { db2[j] = 0 }
        for r in 0..<batch { for j in 0..<outputs { db2[j] += y[r * outputs + j] } }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, H, O, 1, y, O, w2, O, 0, &dh, H)
        for i in 0..<(batch * hidden) where h[i] <= 0 { dh[i] = 0 }
        // dW1 = xᵀ·dh, db1 = Σ dh
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, I, H, B, 1, x, I, dh, H, 0, &dw1, H)
        for j in 0..<hidden { db1[j] = 0 }
        for r in 0..<batch { for j in 0..<hidden { db1[j] += dh[r * hidden + j] } }
        consume(loss)
    }
}
