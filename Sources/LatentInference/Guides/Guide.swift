import LatentCore

/// A guide written as an object, such as an autoguide: called with a
/// context, it draws the latent sites it covers (and may create the
/// parameters it needs on first use). Any type that conforms can be handed
/// to ``SVI`` and ``Predictive`` directly.
public protocol Guide<Scalar>: AnyObject {
    /// The scalar type of the contexts the guide runs in.
    associatedtype Scalar: TensorScalar
    /// Runs the guide once in `context`: draws every latent site it covers,
    /// creating its parameters on first use.
    func callAsFunction(_ context: ModelContext<Scalar>) throws
}
