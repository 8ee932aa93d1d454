/// A tape that ``withoutGradients(_:)`` can pause.
@usableFromInline
protocol PausableTape: AnyObject {
    var isPaused: Bool { get set }
}

/// The tapes of the differentiations enclosing the running code, innermost
/// last: a task-local value, read when a differentiation starts and when
/// ``withoutGradients(_:)`` pauses them, never per operation.
@usableFromInline
struct ActiveTapes: @unchecked Sendable {
    // Unchecked: a tape is only ever used by the task that created it.
    @usableFromInline let tapes: [any PausableTape]

    @TaskLocal @usableFromInline static var current = ActiveTapes(tapes: [])

    @usableFromInline var count: Int { tapes.count }

    /// Runs `body` with `tape` as the innermost active tape.
    @usableFromInline
    static func entering<R>(_ tape: any PausableTape, _ body: () throws -> R) rethrows -> R {
        try $current.withValue(ActiveTapes(tapes: current.tapes + [tape]), operation: body)
    }

    /// Runs `body` with every active tape paused, restoring each after.
    @usableFromInline
    static func pausing<R>(_ body: () throws -> R) rethrows -> R {
        let tapes = current.tapes
        let before = tapes.map(\.isPaused)
        for tape in tapes { tape.isPaused = true }
        defer { for (tape, wasPaused) in zip(tapes, before) { tape.isPaused = wasPaused } }
        return try body()
    }
}
