/// The record of one differentiation: every operation applied to a tracked
/// tensor, in order, with the values its derivative rule needs.
///
/// Created by ``valueWithGradient(at:of:)``; tensors carry a
/// ``TapeReference`` to it while they are being differentiated, so no
/// global state is involved.
@usableFromInline
final class Tape<Scalar: TensorScalar> {
    @usableFromInline var nodes: [TapeNode<Scalar>] = []
    /// How many differentiations enclose this one; the innermost wins when
    /// tensors of two tapes meet.
    @usableFromInline let depth: Int

    @usableFromInline
    init(depth: Int) {
        self.depth = depth
        nodes.reserveCapacity(64)
    }

    /// Appends a node and returns its index.
    @inlinable
    func append(_ node: TapeNode<Scalar>) -> Int {
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
