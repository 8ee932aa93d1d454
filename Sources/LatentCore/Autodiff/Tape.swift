/// The record of one differentiation: every operation applied to a tracked
/// tensor, in order, with the values its derivative rule needs.
///
/// Created by ``valueWithGradient(at:of:)``; tensors carry a
/// ``TapeReference`` to it while they are being differentiated, so no
/// global state is involved.
@usableFromInline
final class Tape<Scalar: TensorScalar>: PausableTape {
    /// One tape belongs to one task (see ``Tensor``), so the run-time
    /// exclusivity checks Swift would make on every append and read are
    /// skipped: they cost more than the append itself.
    @exclusivity(unchecked) @usableFromInline var nodes: [TapeNode<Scalar>] = []
    /// Set while ``withoutGradients(_:)`` runs inside this differentiation.
    @exclusivity(unchecked) @usableFromInline var isPaused = false
    /// How many differentiations enclose this one; the innermost wins when
    /// tensors of two tapes meet.
    @usableFromInline let depth: Int

    @usableFromInline
    init(depth: Int) {
        self.depth = depth
        // Small models record a few hundred operations; growing the array
        // copies every node, so start with room for them.
        nodes.reserveCapacity(256)
    }

    /// Appends a node and returns its index.
    @inlinable
    func append(_ node: consuming TapeNode<Scalar>) -> Int {
        nodes.append(node)
        return nodes.count - 1
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
