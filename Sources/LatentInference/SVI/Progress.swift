import Foundation

/// Reports a long run: on a terminal one line redrawn in place (at most ten
/// times a second, so that reporting costs a compiled step nothing), otherwise
/// a plain line every tenth of the run. Each line gives the step, the loss,
/// the rate in steps per second and the estimated time left.
public struct ProgressReporter {
    let total: Int
    let interactive: Bool
    let write: (String) -> Void
    let start = Date()
    /// When the terminal line was last drawn.
    private let lastDrawn = LastDrawn()

    /// A reporter for a run of `total` steps.
    /// - Parameters:
    ///   - total: the number of steps in the run, against which the progress,
    ///     the estimated time left and the tenths of the run are counted.
    ///   - interactive: redraw one line (`\r`); by default, whether standard
    ///     output is a terminal.
    ///   - write: where lines go; standard output by default.
    public init(total: Int, interactive: Bool? = nil, write: ((String) -> Void)? = nil) {
        self.total = total
        self.interactive = interactive ?? (isatty(STDOUT_FILENO) != 0)
        self.write = write ?? { line in
            FileHandle.standardOutput.write(Data(line.utf8))
        }
    }

    /// A line of its own beside the progress (on a terminal, after the line being redrawn).
    func note(_ text: String) {
        write((interactive ? "\n" : "") + text + "\n")
    }

    /// Called after step `step` (1-based) with its loss.
    func report(step: Int, loss: Double) {
        let tenth = Swift.max(total / 10, 1)
        guard interactive || step % tenth == 0 || step == total else { return }
        let elapsed = Date().timeIntervalSince(start)
        if interactive && step != total {
            guard elapsed - lastDrawn.seconds >= 0.1 else { return }
            lastDrawn.seconds = elapsed
        }
        let rate = Double(step) / Swift.max(elapsed, 1e-9)
        let remaining = Double(total - step) / rate
        let line = String(format: "step %d/%d  loss %.4f  %.1f steps/s  ETA %.0f s", step, total, loss, rate, remaining)
        write(interactive ? "\r" + line + (step == total ? "\n" : "") : line + "\n")
    }
}

/// The time of the last redraw, shared by copies of one reporter.
private final class LastDrawn: @unchecked Sendable {
    var seconds = -Double.infinity
}
