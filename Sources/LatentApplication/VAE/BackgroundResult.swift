import Dispatch

/// The result of a throwing computation started on another thread when
/// the value is made, read with ``value()``: work that overlaps whatever
/// the caller does next (a minibatch prepared while the previous step
/// runs). The caller keeps what the work touches away from other threads
/// until ``wait()`` or ``value()`` returns.
final class BackgroundResult<Value>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?

    init(_ work: @escaping () throws -> Value) {
        let task = UnsafeTask(work)
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = Result { try task.work() }
            finished.signal()
        }
    }

    /// Blocks until the work has finished; returns at once after that.
    func wait() {
        if !isSettled {
            finished.wait()
            isSettled = true
        }
    }

    /// The work's value, or its error thrown, once it has finished.
    func value() throws -> Value {
        wait()
        return try result!.get()
    }

    /// Whether ``wait()`` has seen the work finish (read and written by
    /// the caller's thread only).
    private var isSettled = false
}

/// A closure handed to another thread by a caller that keeps what it
/// touches to that thread meanwhile (see ``BackgroundResult``).
private struct UnsafeTask<Value>: @unchecked Sendable {
    let work: () throws -> Value
    init(_ work: @escaping () throws -> Value) { self.work = work }
}
