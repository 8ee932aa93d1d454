/// The record of one differentiation: every operation applied to a tracked
/// tensor, in order, with the values its derivative rule needs.
///
/// Created by ``valueWithGradient(at:of:)``; tensors carry a
/// ``TapeReference`` to it while they are being differentiated, so no
/// global state is involved. The reverse walk consumes the nodes (moves each
/// one out as it goes), as PyTorch frees its graph after `backward()`: a tape
/// is swept once.
@usableFromInline
final class Tape<Scalar: TensorScalar>: PausableTape {
    /// Operations and their inputs in two parallel buffers that the tape
    /// manages itself, so that the walk can move each operation out and
    /// into its rule instead of copying it (a copy would retain every saved
    /// tensor). One tape belongs to one task (see ``Tensor``), so the
    /// run-time exclusivity checks on these properties are skipped: they
    /// would cost more than a record.
    @exclusivity(unchecked) @usableFromInline var operations: UnsafeMutablePointer<Operation<Scalar>>
    @exclusivity(unchecked) @usableFromInline var inputs: UnsafeMutablePointer<TapeInputs>
    @exclusivity(unchecked) @usableFromInline var count = 0
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    /// Set while ``withoutGradients(_:)`` runs inside this differentiation.
    @exclusivity(unchecked) @usableFromInline var isPaused = false
    /// Set when its differentiation has returned: tensors that escaped it
    /// still point here, and must then count as constants.
    @exclusivity(unchecked) @usableFromInline var isFinished = false
    /// How many differentiations enclose this one; the innermost wins when
    /// tensors of two tapes meet.
    @usableFromInline let depth: Int

    @usableFromInline
    init(depth: Int) {
        self.depth = depth
        // Small models record a few hundred operations.
        capacity = 256
        operations = .allocate(capacity: capacity)
        inputs = .allocate(capacity: capacity)
    }

    deinit {
        operations.deinitialize(count: count)
        inputs.deinitialize(count: count)
        operations.deallocate()
        inputs.deallocate()
    }

    /// Records `operation` of the given input nodes and returns its index.
    @inlinable
    func record(_ operation: consuming Operation<Scalar>, first: Int, second: Int = -1, rest: [Int] = []) -> Int {
        if count == capacity { grow() }
        (operations + count).initialize(to: operation)
        (inputs + count).initialize(to: TapeInputs(first: first, second: second, rest: rest))
        count += 1
        return count - 1
    }

    @usableFromInline
    func grow() {
        let moreOperations = UnsafeMutablePointer<Operation<Scalar>>.allocate(capacity: capacity * 2)
        let moreInputs = UnsafeMutablePointer<TapeInputs>.allocate(capacity: capacity * 2)
        moreOperations.moveInitialize(from: operations, count: count)
        moreInputs.moveInitialize(from: inputs, count: count)
        operations.deallocate()
        inputs.deallocate()
        (operations, inputs) = (moreOperations, moreInputs)
        capacity *= 2
    }
}

/// Where a tracked tensor sits on its tape.
@usableFromInline
struct TapeReference<Scalar: TensorScalar> {
    @usableFromInline let tape: Tape<Scalar>
    @usableFromInline let node: Int

    @inlinable
    init(tape: Tape<Scalar>, node: Int) {
        self.tape = tape
        self.node = node
    }
}

/// The nodes an operation's inputs were recorded as (`untracked` for an
/// input that needs no gradient).
@usableFromInline
struct TapeInputs {
    @usableFromInline static var untracked: Int { -1 }

    @usableFromInline let first: Int
    @usableFromInline let second: Int
    /// Inputs beyond the second (concatenation).
    @usableFromInline let rest: [Int]

    @inlinable
    init(first: Int, second: Int, rest: [Int]) {
        self.first = first
        self.second = second
        self.rest = rest
    }
}
