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
    /// The nodes, in a buffer the tape manages itself so that the walk can
    /// move nodes out instead of copying them (a copy would retain every
    /// saved tensor). One tape belongs to one task (see ``Tensor``), so the
    /// run-time exclusivity checks on these properties are skipped: they
    /// would cost more than an append.
    @exclusivity(unchecked) @usableFromInline var nodes: UnsafeMutablePointer<TapeNode<Scalar>>
    @exclusivity(unchecked) @usableFromInline var count = 0
    @exclusivity(unchecked) @usableFromInline var capacity: Int
    /// Set while ``withoutGradients(_:)`` runs inside this differentiation.
    @exclusivity(unchecked) @usableFromInline var isPaused = false
    /// How many differentiations enclose this one; the innermost wins when
    /// tensors of two tapes meet.
    @usableFromInline let depth: Int

    @usableFromInline
    init(depth: Int) {
        self.depth = depth
        // Small models record a few hundred operations.
        capacity = 256
        nodes = .allocate(capacity: capacity)
    }

    deinit {
        nodes.deinitialize(count: count)
        nodes.deallocate()
    }

    /// Records `operation` of the given input nodes and returns its index.
    /// The node is built in place in the buffer, so the operation's saved
    /// values are moved there, never copied.
    @inlinable
    func record(_ operation: consuming Operation<Scalar>, first: Int, second: Int = -1, rest: [Int] = []) -> Int {
        if count == capacity { grow() }
        (nodes + count).initialize(to: TapeNode(operation: operation, first: first, second: second, rest: rest))
        count += 1
        return count - 1
    }

    @usableFromInline
    func grow() {
        let larger = UnsafeMutablePointer<TapeNode<Scalar>>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: nodes, count: count)
        nodes.deallocate()
        nodes = larger
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

/// One recorded operation: what it was, and the nodes of its inputs
/// (`untracked` for an input that needs no gradient).
@usableFromInline
struct TapeNode<Scalar: TensorScalar> {
    @usableFromInline static var untracked: Int { -1 }

    @usableFromInline let operation: Operation<Scalar>
    @usableFromInline let first: Int
    @usableFromInline let second: Int
    /// Inputs beyond the second (concatenation).
    @usableFromInline let rest: [Int]

    @inlinable
    init(operation: Operation<Scalar>, first: Int, second: Int = -1, rest: [Int] = []) {
        self.operation = operation
        self.first = first
        self.second = second
        self.rest = rest
    }
}
