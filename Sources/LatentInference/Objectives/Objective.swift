import LatentCore

/// A loss whose gradient fits a guide: SVI minimises it.
public protocol Objective<Scalar>: AnyObject {
    /// The scalar type of the loss and of the contexts it is evaluated in.
    associatedtype Scalar: TensorScalar
    /// The loss to differentiate for one step.
    func loss<M, G>(
        model: @escaping (ModelContext<Scalar>) throws -> M, guide: @escaping (ModelContext<Scalar>) throws -> G,
        context: ModelContext<Scalar>
    ) throws -> Tensor<Scalar>
    /// The first site of the last evaluation whose log-density was not finite.
    func firstNonFiniteSite() -> String?
}
