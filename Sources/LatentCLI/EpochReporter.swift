import Foundation

/// A progress line per epoch: redrawn in place on a terminal, one plain
/// line per epoch otherwise.
final class EpochReporter {
    let epochs: Int
    let interactive = isatty(STDOUT_FILENO) != 0

    init(epochs: Int) { self.epochs = epochs }

    func batch(epoch: Int, batch: Int, of batches: Int, loss: Double, since start: Date) {
        guard interactive else { return }
        let elapsed = Date().timeIntervalSince(start)
        let rate = Double(batch) / Swift.max(elapsed, 1e-9)
        let line = String(format: "\repoch %d/%d  batch %d/%d  loss %.2f  %.1f batches/s  ETA %.0f s",
                          epoch, epochs, batch, batches, loss, rate, Double(batches - batch) / rate)
        FileHandle.standardOutput.write(Data(line.utf8))
    }

    func epoch(_ epoch: Int, trainELBO: Double, testELBO: Double, seconds: Double) {
        let line = String(format: "epoch %d/%d  train ELBO %.2f  test ELBO %.2f nats/image  %.1f s", epoch, epochs, trainELBO, testELBO, seconds)
        // Unbuffered, so each epoch's line appears at once in a pipe or a log too.
        FileHandle.standardOutput.write(Data(((interactive ? "\r\u{1B}[K" : "") + line + "\n").utf8))
    }
}
