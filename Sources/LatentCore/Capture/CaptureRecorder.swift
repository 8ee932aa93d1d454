/// The record of one captured computation: every tensor operation of one
/// differentiation, with the values each read, as the forward half of a
/// ``CompiledProgram``.
///
/// A capture runs the computation eagerly, exactly as without it, and on the
/// side gives every value derived from the differentiation's variables or
/// from a random draw a *slot* (stored in the ``Tensor``): the operation that
/// made it, from which slots or constants, and which inputs were tracked on
/// the tape. Values without a slot are constants of the computation (data,
/// shapes, numbers the code chose); draws become instructions that draw
/// afresh from the generator on every replay.
///
/// A capture is *dynamic*, and cannot be replayed, as soon as a value with a
/// slot reaches Swift (its scalars are read, or it is compared), because the
/// code that follows may branch on it; ``dynamicReason`` says where.
@usableFromInline
final class CaptureRecorder<Scalar: TensorScalar>: @unchecked Sendable {
    // Unchecked: a recorder belongs to the one task whose differentiation it records.

    /// Tells this recorder's slots from those of any other: the high half of every slot.
    @usableFromInline let serial: Int
    /// The tape of the captured differentiation; operations recorded on any
    /// other (a nested differentiation) make the capture dynamic.
    @usableFromInline var tape: Tape<Scalar>?
    /// The shape of each slot's value, by slot index.
    var shapes: [[Int]] = []
    /// The value each slot held during the capture.
    var capturedValues: [Tensor<Scalar>] = []
    var instructions: [CapturedInstruction<Scalar>] = []
    var draws: [CapturedDraw<Scalar>] = []
    var indexDraws: [CapturedIndexDraw] = []
    /// Every draw in the order it used the generator: scalar draws (into
    /// `draws`) and index draws (into `indexDraws`) interleaved.
    var drawOrder: [DrawReference] = []
    var checks: [CapturedCheck<Scalar>] = []
    /// The slots loaded from step inputs on every replay.
    var inputs: [CapturedInput<Scalar>] = []
    /// The slot of each variable of the differentiation, in declaration order.
    var variables: [Int] = []
    /// Why the capture cannot be replayed, once something made it dynamic.
    @usableFromInline var dynamicReason: String?

    init() {
        var system = SystemRandomNumberGenerator()
        serial = Int(UInt32.random(in: 1...UInt32.max >> 1, using: &system))
    }

    /// The recorder capturing on this task, when one is and it holds `Scalar`.
    @inlinable
    static var active: CaptureRecorder? {
        ActiveCapture.recorder?.object as? CaptureRecorder
    }

    /// The active recorder, when `slot` is one of its slots.
    @inlinable
    static func owning(_ slot: Int) -> CaptureRecorder? {
        guard slot != 0, let recorder = active, slot >> 32 == recorder.serial else { return nil }
        return recorder
    }

    /// The slot index within this recorder of a tensor's slot, when it is one of ours.
    @usableFromInline
    func index(of tensor: Tensor<Scalar>) -> Int? {
        guard tensor.slot != 0, tensor.slot >> 32 == serial else { return nil }
        return (tensor.slot & 0xFFFF_FFFF) - 1
    }

    /// Where a value read by the capture comes from: its slot, or the value
    /// itself as a constant (untracked, with no slot).
    @usableFromInline
    func operand(_ value: Tensor<Scalar>) -> CapturedOperand<Scalar> {
        index(of: value).map { .slot($0) } ?? .constant(Tensor(shape: value.shape, storage: value.storage))
    }

    /// A new slot for `value`, returned as the tensor's slot number.
    @usableFromInline
    func newSlot(for value: Tensor<Scalar>) -> Int {
        shapes.append(value.shape)
        capturedValues.append(Tensor(shape: value.shape, storage: value.storage))
        return serial << 32 | shapes.count
    }

    /// `variable` (a variable of the captured differentiation) with a slot
    /// of its own, as the next input of a replay.
    @usableFromInline
    func variable(_ variable: Tensor<Scalar>) -> Tensor<Scalar> {
        var result = variable
        result.slot = newSlot(for: variable)
        variables.append((result.slot & 0xFFFF_FFFF) - 1)
        return result
    }

    /// The value of step input `source` with a slot of its own, loaded from
    /// the input on every replay (one slot however often it is read).
    func input(_ source: StepInput<Scalar>) -> Tensor<Scalar> {
        var result = source.value
        if let known = inputs.first(where: { $0.source === source }) {
            result.slot = serial << 32 | (known.slot + 1)
        } else {
            result.slot = newSlot(for: result)
            inputs.append(CapturedInput(slot: (result.slot & 0xFFFF_FFFF) - 1, source: source))
        }
        return result
    }

    /// `value`, a fresh draw, with a slot filled by `fill` on every replay.
    @usableFromInline
    func draw(
        _ value: Tensor<Scalar>, normal: (mean: Scalar, standardDeviation: Scalar)?,
        fill: @escaping (inout Xoshiro256PlusPlus, UnsafeMutablePointer<Scalar>, Int) -> Void
    ) -> Tensor<Scalar> {
        var result = value
        result.slot = newSlot(for: value)
        drawOrder.append(.scalars(draws.count))
        draws.append(CapturedDraw(slot: (result.slot & 0xFFFF_FFFF) - 1, normal: normal, fill: fill))
        return result
    }

    /// Marks the capture dynamic (the first reason is kept).
    @usableFromInline
    func markDynamic(_ reason: @autoclosure () -> String) {
        if dynamicReason == nil { dynamicReason = reason() }
    }

    /// Records `kind` of `inputs` (their tracked flags on the tape beside)
    /// and returns `output` with its new slot.
    @usableFromInline
    func record(
        _ kind: CapturedOperation<Scalar>, inputs: [Tensor<Scalar>], tracked: [Bool], output: Tensor<Scalar>
    ) -> Tensor<Scalar> {
        let operands = inputs.map(operand)
        var result = output
        result.slot = newSlot(for: output)
        instructions.append(CapturedInstruction(
            kind: kind, operands: operands, tracked: tracked, output: (result.slot & 0xFFFF_FFFF) - 1))
        return result
    }
}

/// The recorder of the running capture, if any: a task-local value, read
/// only when a tensor with a slot meets an operation, and by draws.
@usableFromInline
enum ActiveCapture {
    @usableFromInline
    struct Reference: @unchecked Sendable {
        @usableFromInline let object: AnyObject
    }

    @TaskLocal @usableFromInline static var recorder: Reference?
}

/// One entry of a capture's draw order.
enum DrawReference {
    case scalars(Int)
    case indices(Int)
}

/// Where an instruction's operand comes from.
@usableFromInline
enum CapturedOperand<Scalar: TensorScalar> {
    /// A slot of the capture.
    case slot(Int)
    /// A value from outside the capture, the same on every replay.
    case constant(Tensor<Scalar>)
}

/// What a captured instruction computes.
@usableFromInline
enum CapturedOperation<Scalar: TensorScalar> {
    /// A differentiable primitive, as the tape records it (its saved tensors
    /// are rebuilt from the slots on replay); extra operands beyond its
    /// inputs are listed by the recording site (the condition of a select,
    /// the value and partials of known derivatives).
    case primitive(Operation<Scalar>)
    /// A comparison mask (never differentiated).
    case compare(ElementwiseOperation)
    /// 1 where finite, else 0.
    case finiteIndicator
    /// Index-select or gather whose indices are those of index draw `draw`.
    case gatherDrawn(draw: Int, inputShape: [Int], axis: Int, elementwise: Bool)
    /// A loop over buffers writing the slots `outputs` (the instruction's
    /// output is the first).
    case kernel(ElementwiseKernel<Scalar>, outputs: [Int])
}

/// One captured operation.
@usableFromInline
struct CapturedInstruction<Scalar: TensorScalar> {
    let kind: CapturedOperation<Scalar>
    let operands: [CapturedOperand<Scalar>]
    /// Whether each operand was tracked on the captured tape (gradients flow
    /// back only into those).
    let tracked: [Bool]
    let output: Int
}

/// A draw of fresh randomness into a slot: `fill` writes `count` scalars
/// from the generator exactly as the eager draw did.
@usableFromInline
struct CapturedDraw<Scalar: TensorScalar> {
    let slot: Int
    /// The mean and standard deviation of a normal draw, which the program makes itself.
    let normal: (mean: Scalar, standardDeviation: Scalar)?
    let fill: (inout Xoshiro256PlusPlus, UnsafeMutablePointer<Scalar>, Int) -> Void
}

/// A draw of indices (a minibatch): `draw` returns them from the generator
/// exactly as the eager draw did.
@usableFromInline
struct CapturedIndexDraw {
    /// The indices drawn during the capture (kept so that their buffer is
    /// not reused while the capture looks for them).
    let captured: [Int]
    let draw: (inout Xoshiro256PlusPlus) -> [Int]
}

/// A slot loaded from a step input's value at the start of every replay.
struct CapturedInput<Scalar: TensorScalar> {
    let slot: Int
    let source: StepInput<Scalar>
}

/// A condition a replay must meet (a distribution's parameter check):
/// `holds` is asked of the slot's value after the forward pass.
@usableFromInline
struct CapturedCheck<Scalar: TensorScalar> {
    let slot: Int
    let holds: (Tensor<Scalar>) -> Bool
}
