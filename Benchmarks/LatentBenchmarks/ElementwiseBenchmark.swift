import LatentCore

/// softplus(a·b + c) on 1M Floats through `Tensor` (three passes, three
/// buffers) against one fused hand-written loop over the same inputs.
enum ElementwiseBenchmark {
    static func run() throws {
        let n = 1 << 20
        var generator = Xoshiro256PlusPlus(seed: 2)
        let a = try Tensor<Float>.randomNormal([n], using: &generator)
        let b = try Tensor<Float>.randomNormal([n], using: &generator)
        let c = try Tensor<Float>.randomNormal([n], using: &generator)
        let viaTensor = try secondsPerCall { consume(softplus(try a * b + c)) }
        var out = [Float](repeating: 0, count: n)
        let byHand = secondsPerCall {
            a.withUnsafeScalars { pa in
                b.withUnsafeScalars { pb in
                    c.withUnsafeScalars { pc in
                        out.withUnsafeMutableBufferPointer { po in
                            for i in 0..<n { po[i] = Float.softplus(pa[i] * pb[i] + pc[i]) }
                        }
                    }
                }
            }
        }
        report("softplus(a·b + c), 1M Float", viaTensor * 1e3, unit: "ms",
               baseline: byHand * 1e3, baselineName: "fused loop")
    }
}
