/// A loop written outside the tensor operations: reads `inputs.count`
/// buffers of `count` scalars and writes as many output buffers.
public typealias ElementwiseKernel<S: TensorScalar> =
    (_ inputs: [UnsafePointer<S>], _ outputs: [UnsafeMutablePointer<S>], _ count: Int) throws -> Void

/// `outputs` new tensors of the inputs' (common) shape, written by `kernel`
/// from the inputs' scalars: for a value and its partial derivatives
/// computed in one pass (then given to ``withKnownDerivatives(_:inputs:partials:)``),
/// or a function the tensor operations do not have. The results are not
/// tracked. In a compiled step the kernel runs again on every replay, on the
/// replay's inputs, so it must depend on nothing but them.
/// - Throws: ``TensorError/shapeMismatch(operation:lhs:rhs:)`` when the
///   inputs' shapes differ, and what `kernel` throws.
public func elementwiseKernel<S>(
    _ inputs: [Tensor<S>], outputs: Int, _ kernel: @escaping ElementwiseKernel<S>
) throws -> [Tensor<S>] {
    let shape = inputs.first?.shape ?? []
    if let other = inputs.first(where: { $0.shape != shape }) {
        throw TensorError.shapeMismatch(operation: "elementwiseKernel", lhs: shape, rhs: other.shape)
    }
    let count = Shape.count(of: shape)
    let results = (0..<outputs).map { _ in Tensor<S>(shape: shape, storage: TensorStorage.make(uninitializedCount: count)) }
    try kernel(inputs.map { UnsafePointer($0.storage.base) }, results.map { $0.storage.base }, count)
    guard inputs.contains(where: { $0.slot != 0 }), let recorder = CaptureRecorder<S>.active,
          inputs.contains(where: { recorder.index(of: $0) != nil })
    else { return results }
    return recorder.record(kernel: kernel, inputs: inputs, outputs: results)
}

extension CaptureRecorder {
    /// `outputs`, the results of `kernel` on `inputs`, each given a slot
    /// and recorded as one instruction.
    func record(kernel: @escaping ElementwiseKernel<Scalar>, inputs: [Tensor<Scalar>], outputs: [Tensor<Scalar>]) -> [Tensor<Scalar>] {
        var slotted = outputs
        for i in slotted.indices { slotted[i].slot = newSlot(for: outputs[i]) }
        let slots = slotted.map { ($0.slot & 0xFFFF_FFFF) - 1 }
        instructions.append(CapturedInstruction(
            kind: .kernel(kernel, outputs: slots), operands: inputs.map(operand), tracked: inputs.map { _ in false }, output: slots[0]))
        return slotted
    }
}
