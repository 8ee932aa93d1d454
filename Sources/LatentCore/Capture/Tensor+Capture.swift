// How tensor operations report themselves to a running capture
// (``CaptureRecorder``). Outside a capture every hook is one comparison of a
// tensor's slot with zero.

extension Tensor {
    /// This (untracked) result recorded on the tape as `operation` of
    /// `inputs`, and in the running capture with `extras` (values the
    /// operation reads that are not differentiated inputs) after them.
    @usableFromInline
    func capturing(_ operation: Operation<Scalar>, inputs: [Tensor], extras: [Tensor] = []) -> Tensor {
        let (result, tracked) = recordedOnTape(operation, inputs: inputs)
        return Tensor.captured(.primitive(operation), result: result, inputs: inputs + extras,
                               tracked: tracked + extras.map { _ in false })
    }

    /// `result` given a slot in the running capture, when any of `inputs` has one.
    @usableFromInline
    static func captured(
        _ kind: CapturedOperation<Scalar>, result: Tensor, inputs: [Tensor], tracked: [Bool]
    ) -> Tensor {
        guard let recorder = CaptureRecorder<Scalar>.active else { return result }
        if let tape = result.trace?.tape, tape !== recorder.tape {
            recorder.markDynamic("an operation was recorded on a differentiation nested inside the captured one")
        }
        guard inputs.contains(where: { recorder.index(of: $0) != nil }) else { return result }
        return recorder.record(kind, inputs: inputs, tracked: tracked, output: result)
    }

    /// `result`, an untracked function of `inputs` (a mask), given a slot
    /// in the running capture when an input has one.
    @inlinable
    func capturedUntracked(_ kind: @autoclosure () -> CapturedOperation<Scalar>, inputs: [Tensor]) -> Tensor {
        guard inputs.contains(where: { $0.slot != 0 }) else { return self }
        return Tensor.captured(kind(), result: self, inputs: inputs, tracked: inputs.map { _ in false })
    }

    /// Marks the running capture dynamic when this value belongs to it: its
    /// scalars are reaching Swift through `accessor`.
    @inlinable @inline(__always)
    func noteRead(_ accessor: StaticString) {
        if slot != 0 { noteCapturedRead(accessor) }
    }

    @usableFromInline
    func noteCapturedRead(_ accessor: StaticString) {
        CaptureRecorder<Scalar>.owning(slot)?.markDynamic("a value computed in the step was read by `\(accessor)`")
    }

    /// This fresh draw, made a draw instruction of the running capture:
    /// `fill` must write the same scalars from the same generator state.
    /// For a normal draw by ``fillNormal(_:count:mean:standardDeviation:using:)``,
    /// `normal` gives its mean and standard deviation, and the program
    /// draws it itself (compiled for the scalar type) instead of calling `fill`.
    @inlinable
    func capturedDraw(
        normal: (mean: Scalar, standardDeviation: Scalar)? = nil,
        _ fill: @escaping (inout Xoshiro256PlusPlus, UnsafeMutablePointer<Scalar>, Int) -> Void
    ) -> Tensor {
        CaptureRecorder<Scalar>.active?.draw(self, normal: normal, fill: fill) ?? self
    }

    /// Index-select or gather along `axis` with `indices` a minibatch drawn
    /// in the running capture: recorded so that a replay uses its fresh
    /// indices. Nil when no capture runs or the indices were not drawn in it.
    @inlinable
    func capturedDrawnGather(_ indices: [Int], axis: Int, elementwise: Bool, result: Tensor) -> Tensor? {
        guard let recorder = CaptureRecorder<Scalar>.active, let draw = recorder.indexDraw(identicalTo: indices) else {
            return nil
        }
        let operation = Operation<Scalar>.gather(inputShape: shape, axis: axis, indices: indices, elementwise: elementwise)
        let (taped, tracked) = result.recordedOnTape(operation, inputs: [self])
        return recorder.record(
            .gatherDrawn(draw: draw, inputShape: shape, axis: axis, elementwise: elementwise),
            inputs: [self], tracked: tracked, output: taped)
    }

    /// Whether `holds` is true of this value. In a capture the question is
    /// also recorded, so that every replay asks it again of the new value
    /// (a distribution's parameter check): it is not a read that makes the
    /// capture dynamic.
    public func satisfies(_ holds: @escaping (Tensor) -> Bool) -> Bool {
        guard slot != 0, let recorder = CaptureRecorder<Scalar>.owning(slot), let index = recorder.index(of: self) else {
            return holds(self)
        }
        recorder.checks.append(CapturedCheck(slot: index, holds: holds))
        return withoutCapture { holds(Tensor(shape: shape, storage: storage)) }
    }
}

extension CaptureRecorder {
    /// The index draw whose indices are `indices` (the same buffer, not
    /// merely equal values).
    @usableFromInline
    func indexDraw(identicalTo indices: [Int]) -> Int? {
        let address = indices.withUnsafeBufferPointer { $0.baseAddress }
        return indexDraws.firstIndex { draw in
            draw.captured.count == indices.count && draw.captured.withUnsafeBufferPointer { $0.baseAddress } == address
        }
    }
}

extension Xoshiro256PlusPlus {
    /// `count` distinct indices drawn uniformly from 0..<size (a partial
    /// Fisher–Yates shuffle), in draw order, or only those at `positions`
    /// among them (one process's share of a minibatch: the generator moves
    /// on as for the whole draw). In a capture this is a draw instruction:
    /// a replay draws fresh indices, and the operations that pick rows with
    /// them use those.
    public mutating func distinctIndices(below size: Int, count: Int, keeping positions: Range<Int>? = nil) -> [Int] {
        func kept(_ drawn: [Int]) -> [Int] { positions.map { Array(drawn[$0]) } ?? drawn }
        let indices = kept(Xoshiro256PlusPlus.shuffledPrefix(size: size, count: count, using: &self))
        if let recorder = ActiveCapture.recorder?.object as? any IndexDrawRecording {
            recorder.recordIndexDraw(indices) { generator in
                kept(Xoshiro256PlusPlus.shuffledPrefix(size: size, count: count, using: &generator))
            }
        }
        return indices
    }

    static func shuffledPrefix(size: Int, count: Int, using generator: inout Xoshiro256PlusPlus) -> [Int] {
        var pool = Array(0..<size)
        for i in 0..<count {
            let j = i + Int(generator.next() % UInt64(size - i))
            pool.swapAt(i, j)
        }
        return Array(pool.prefix(count))
    }
}

/// A recorder of any scalar type, as index draws (which hold no scalars) see it.
protocol IndexDrawRecording: AnyObject {
    func recordIndexDraw(_ indices: [Int], draw: @escaping (inout Xoshiro256PlusPlus) -> [Int])
}

extension CaptureRecorder: IndexDrawRecording {
    func recordIndexDraw(_ indices: [Int], draw: @escaping (inout Xoshiro256PlusPlus) -> [Int]) {
        drawOrder.append(.indices(indexDraws.count))
        indexDraws.append(CapturedIndexDraw(captured: indices, draw: draw))
    }
}

/// Runs `body` outside any running capture: what it computes is not part of
/// the captured step and what it reads does not make the capture dynamic.
/// For diagnostics that only name what went wrong (which site's density was
/// not finite), never for values the step goes on to use.
public func withoutCapture<R>(_ body: () throws -> R) rethrows -> R {
    try ActiveCapture.$recorder.withValue(nil, operation: body)
}
