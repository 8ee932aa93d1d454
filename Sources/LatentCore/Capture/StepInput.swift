/// Data that a step reads and that changes from one step to the next, such
/// as a minibatch the caller picks (what Pyro passes as `svi.step(data)`):
/// set ``value`` before each step, and read ``tensor`` in the model and the
/// guide.
///
/// A compiled step (``StepCapture``) bakes in every value it read from
/// outside as a constant; one read through a step input is instead copied
/// in afresh from ``value`` on every replay, so the model compiles and
/// still sees each step's data. A replay whose input has another shape than
/// the captured one (a last, smaller minibatch) is not run: that step is
/// taken eagerly.
///
/// ```swift
/// let images = StepInput(firstBatch)
/// let svi = SVI(model: { c in try vae.model(c, images: images.tensor, …) }, …)
/// for batch in batches {
///     images.value = batch
///     try svi.step()
/// }
/// ```
public final class StepInput<Scalar: TensorScalar>: @unchecked Sendable {
    // Unchecked: set by the one caller between the steps that read it.

    /// The data the next step reads.
    public var value: Tensor<Scalar>

    /// An input holding `value` until it is next set.
    public init(_ value: Tensor<Scalar>) {
        self.value = value
    }

    /// ``value`` as a step should read it: inside a capture, a value the
    /// compiled program loads from ``value`` on every run; otherwise
    /// ``value`` itself.
    public var tensor: Tensor<Scalar> {
        CaptureRecorder<Scalar>.active?.input(self) ?? value
    }
}
