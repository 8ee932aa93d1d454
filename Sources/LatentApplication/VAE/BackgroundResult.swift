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
        // The caller keeps what `work` touches to it until the result is read.
        nonisolated(unsafe) let work = work
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = Result { try work() }
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
