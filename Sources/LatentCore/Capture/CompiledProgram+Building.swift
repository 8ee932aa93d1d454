// Turning a capture into a program: which operations the value needs, which
// slots a gradient reaches, one buffer per slot, and the instructions.

extension CompiledProgram {
    /// Builds the program of `recorder`'s capture whose differentiated value
    /// is slot `lossSlot` (nil for a program without gradients) and which
    /// reports `outputs`.
    /// - Throws: ``CaptureRefusal`` for an operation the program cannot replay.
    convenience init(recorder: CaptureRecorder<Scalar>, lossSlot: Int?, outputs: [CapturedOperand<Scalar>] = []) throws {
        let instructions = recorder.instructions
        let slotCount = recorder.shapes.count
        // The program needs the loss, the outputs and every checked slot, and what they are computed from.
        var needed = [Bool](repeating: false, count: slotCount)
        if let lossSlot { needed[lossSlot] = true }
        for case let .slot(slot) in outputs { needed[slot] = true }
        for check in recorder.checks { needed[check.slot] = true }
        for instruction in instructions.reversed() where instruction.outputs.contains(where: { needed[$0] }) {
            for case let .slot(input) in instruction.operands { needed[input] = true }
        }
        // A gradient reaches the loss and, backwards, every tracked input of what it reaches.
        var reached = [Bool](repeating: false, count: slotCount)
        if let lossSlot { reached[lossSlot] = true }
        for instruction in instructions.reversed() where reached[instruction.output] {
            for (operand, tracked) in zip(instruction.operands, instruction.tracked) where tracked {
                guard case let .slot(input) = operand else {
                    throw CaptureRefusal(reason: "a tracked value was not captured (\(instruction.kind.name))")
                }
                reached[input] = true
            }
        }
        self.init(shapes: recorder.shapes, variableSlots: recorder.variables, lossSlot: lossSlot, outputs: outputs)
        for slot in 0..<slotCount where needed[slot] { allocateValue(slot) }
        for slot in recorder.variables { allocateValue(slot) }
        for draw in recorder.draws { allocateValue(draw.slot) }
        for input in recorder.inputs {
            allocateValue(input.slot)
            inputs.append((values[input.slot]!, shapes[input.slot], input.source))
        }
        for slot in 0..<slotCount where reached[slot] {
            // A capacity of whole blocks of eight, so that zeroing is whole vector stores.
            let (count, blocks) = (Shape.count(of: shapes[slot]), (Shape.count(of: shapes[slot]) + 7) / 8)
            let buffer = unsafeDowncast(TensorStorage<Scalar>.create(minimumCapacity: blocks * 8) { _ in count }, to: TensorStorage<Scalar>.self)
            buffer.base.initialize(repeating: 0, count: blocks * 8)
            gradients[slot] = buffer
            gradientBuffers.append((buffer.base, blocks))
        }
        for entry in recorder.drawOrder {
            switch entry {
            case let .scalars(index):
                let draw = recorder.draws[index]
                let (out, count, fill) = (values[draw.slot]!.base, Shape.count(of: shapes[draw.slot]), draw.fill)
                if let (mean, standardDeviation) = draw.normal {
                    draws.append(.normal(out, count: count, mean: mean, standardDeviation: standardDeviation))
                } else {
                    draws.append(.call { generator in fill(&generator, out, count) })
                }
            case let .indices(index):
                let (draw, state) = (recorder.indexDraws[index].draw, self.state)
                state.indices.append(recorder.indexDraws[index].captured)
                draws.append(.call { generator in state.indices[index] = draw(&generator) })
            }
        }
        for instruction in instructions where instruction.outputs.contains(where: { needed[$0] }) {
            if let value = valueItPasses(instruction) {
                values[instruction.output] = value
                continue
            }
            for output in instruction.outputs { allocateValue(output) }
            try appendForward(instruction)
        }
        for check in recorder.checks {
            let (value, holds) = (view(check.slot), check.holds)
            checks.append { holds(value) }
        }
        var callAccess: [Int: GradientAccess<Scalar>] = [:]
        for instruction in instructions.reversed() where reached[instruction.output] && instruction.tracked.contains(true) {
            if let access = try appendReverse(instruction) { callAccess[calls.count - 1] = access }
        }
        if let lossSlot {
            assignFirstGradientWrites(calls: callAccess, loss: gradients[lossSlot]!.base)
            shareGradientBuffers(calls: callAccess, loss: gradients[lossSlot]!.base)
        }
    }

    /// Drops the copies of a gradient into an input's gradient buffer (the
    /// reverse of a sum, a shift or a reshape) where the copied buffer is
    /// read for the last time: the input's gradient then lives in that
    /// buffer from there on, and every later instruction naming the
    /// input's buffer names it instead. Buffers that a call reaches, the
    /// variables' and the loss's keep their own.
    private func shareGradientBuffers(calls access: [Int: GradientAccess<Scalar>], loss: UnsafeMutablePointer<Scalar>) {
        let exposed = Set(variableSlots.compactMap { gradients[$0]?.base } + [loss])
        let reachedByCalls = Set(access.values.flatMap { [$0.reads] + $0.writes })
        let buffers = Set(gradients.compactMap { $0?.base })
        var shared: [UnsafeMutablePointer<Scalar>: UnsafeMutablePointer<Scalar>] = [:]
        func resolved(_ buffer: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<Scalar> { shared[buffer] ?? buffer }
        func resolvedOperand(_ buffer: UnsafePointer<Scalar>) -> UnsafePointer<Scalar> {
            UnsafePointer(resolved(UnsafeMutablePointer(mutating: buffer)))
        }
        var kept: [ProgramInstruction<Scalar>] = []
        for (index, original) in reverse.enumerated() {
            var instruction = original
            if case .call = original.code {} else {
                instruction = ProgramInstruction(
                    original.code, count: original.count, y: resolved(original.y), resolvedOperand(original.a),
                    resolvedOperand(original.b), resolvedOperand(original.c))
            }
            if case .assign(wide: true, negated: false) = instruction.code, buffers.contains(original.y),
               !exposed.contains(original.y), !reachedByCalls.contains(original.y), buffers.contains(UnsafeMutablePointer(mutating: original.a)) {
                let source = UnsafeMutablePointer(mutating: instruction.a)
                let readLater = reverse[(index + 1)...].contains { later in
                    let named = buffersNamed(by: later, calls: access)
                    return (named.reads + named.writes).contains { resolved($0) == source }
                }
                if !readLater {
                    shared[original.y] = source
                    continue
                }
            }
            kept.append(instruction)
        }
        reverse = kept
    }

    /// Makes the first write into each gradient buffer an assignment where
    /// that write is a loop (``ProgramInstruction/assigning``) or a call
    /// with an assigning form (``assigningCalls``) whose writes are all
    /// first writes, and keeps for zeroing only the buffers that another
    /// call reads or adds into first, that a loop reads first, or that
    /// nothing writes. The loss's buffer
    /// is set before the pass.
    private func assignFirstGradientWrites(calls access: [Int: GradientAccess<Scalar>], loss: UnsafeMutablePointer<Scalar>) {
        let buffers = Set(gradientBuffers.map(\.0))
        var written: Set = [loss], zeroed: Set<UnsafeMutablePointer<Scalar>> = []
        func touch(_ buffer: UnsafeMutablePointer<Scalar>) {
            guard buffers.contains(buffer), !written.contains(buffer) else { return }
            written.insert(buffer)
            zeroed.insert(buffer)
        }
        for index in reverse.indices {
            let instruction = reverse[index]
            let named = buffersNamed(by: instruction, calls: access)
            named.reads.forEach(touch)
            if case let .call(call) = instruction.code {
                if let assigning = assigningCalls[call], Set(named.writes).count == named.writes.count,
                   named.writes.allSatisfy({ buffers.contains($0) && !written.contains($0) }) {
                    calls[call] = assigning
                    written.formUnion(named.writes)
                } else {
                    named.writes.forEach(touch)
                }
                continue
            }
            guard buffers.contains(instruction.y), !written.contains(instruction.y) else { continue }
            if let assigning = instruction.assigning {
                reverse[index] = assigning
                written.insert(instruction.y)
            } else {
                touch(instruction.y)
            }
        }
        gradientBuffers.removeAll { written.contains($0.0) && !zeroed.contains($0.0) }
    }

    /// The buffers `instruction` reads and writes as it names them: a
    /// loop's operands and `y`, a call's gradient buffers from `access`.
    private func buffersNamed(
        by instruction: ProgramInstruction<Scalar>, calls access: [Int: GradientAccess<Scalar>]
    ) -> (reads: [UnsafeMutablePointer<Scalar>], writes: [UnsafeMutablePointer<Scalar>]) {
        if case let .call(call) = instruction.code {
            return access[call].map { ([$0.reads], $0.writes) } ?? ([], [])
        }
        let reads = [instruction.a, instruction.b, instruction.c].map { UnsafeMutablePointer(mutating: $0) }
        return (reads, [instruction.y])
    }

    /// The buffer `instruction`'s output can share, nil when it needs its
    /// own: a value given with its known derivatives is that value,
    /// unchanged. Shared only with an earlier instruction's output (an
    /// elementwise kernel's), which nothing writes after it; a variable's
    /// buffer takes the optimiser's new values after the run, and an
    /// output read then would see those.
    private func valueItPasses(_ instruction: CapturedInstruction<Scalar>) -> TensorStorage<Scalar>? {
        guard case let .primitive(.knownDerivatives(_, inputShapes)) = instruction.kind,
              case let .slot(slot) = instruction.operands[inputShapes.count], !variableSlots.contains(slot),
              let buffer = values[slot], !inputs.contains(where: { $0.buffer === buffer }) else { return nil }
        return buffer
    }

    /// Gives slot `slot` its buffer, unless it has one.
    func allocateValue(_ slot: Int) {
        if values[slot] == nil { values[slot] = TensorStorage.make(repeating: 0, count: Shape.count(of: shapes[slot])) }
    }

    /// A tensor over slot `slot`'s buffer: it sees every run's value.
    func view(_ slot: Int) -> Tensor<Scalar> {
        Tensor(shape: shapes[slot], storage: values[slot]!)
    }

    /// The operand as a tensor: a view of its slot, or the constant (kept
    /// by the program, since its closures hold only its address).
    func operand(_ operand: CapturedOperand<Scalar>) -> Tensor<Scalar> {
        switch operand {
        case let .slot(slot): return view(slot)
        case let .constant(value):
            constants.append(value)
            return value
        }
    }

    /// Throws unless the captured draws, made again from `before`, give the
    /// captured values and leave the generator at `after`: every use of the
    /// generator during the capture was a draw the capture recorded.
    func checkDraws(against recorder: CaptureRecorder<Scalar>, from before: Xoshiro256PlusPlus, reaching after: Xoshiro256PlusPlus) throws {
        var generator = before
        makeDraws(&generator)
        let refusal = CaptureRefusal(
            reason: "the step drew random numbers the capture could not see (a sampler without a captured draw)")
        guard generator == after else { throw refusal }
        for draw in recorder.draws {
            let replayed = values[draw.slot]!, captured = recorder.capturedValues[draw.slot]
            for i in 0..<replayed.count where replayed.base[i] != captured.storage.base[i] { throw refusal }
        }
        for (index, draw) in recorder.indexDraws.enumerated() where state.indices[index] != draw.captured {
            throw refusal
        }
    }
}

extension CompiledProgram {
    /// Throws unless a run from the captured variables and generator state
    /// computes every value the capture saw, to the bit: the program stands
    /// for the captured step.
    func checkValues(against recorder: CaptureRecorder<Scalar>, from before: Xoshiro256PlusPlus) throws {
        var generator = before
        _ = try? run(variables: recorder.variables.map { recorder.capturedValues[$0] }, generator: &generator)
        for instruction in recorder.instructions {
            for slot in instruction.outputs {
                guard let buffer = values[slot] else { continue }
                let captured = recorder.capturedValues[slot].storage.base
                for i in 0..<buffer.count where !(buffer.base[i] == captured[i] || (buffer.base[i].isNaN && captured[i].isNaN)) {
                    throw CaptureRefusal(
                        reason: "the compiled \(instruction.kind.name) gave \(buffer.base[i]) where the step computed \(captured[i])")
                }
            }
        }
    }
}

extension CapturedOperation {
    /// The operation's name, for messages.
    var name: String {
        switch self {
        case let .primitive(operation): return "\(operation)".prefix { $0 != "(" }.description
        case .compare: return "comparison"
        case .finiteIndicator: return "isFiniteMask"
        case .gatherDrawn: return "minibatch gather"
        case .kernel: return "elementwise kernel"
        }
    }
}

extension CapturedInstruction {
    /// Every slot the instruction writes.
    var outputs: [Int] {
        if case let .kernel(_, outputs) = kind { return outputs }
        return [output]
    }
}
