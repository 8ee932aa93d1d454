import LatentCore

/// A guide written as an object, such as an autoguide: called with a
/// context, it draws the latent sites it covers (and may create the
/// parameters it needs on first use). Any type that conforms can be handed
/// to ``SVI`` and ``Predictive`` directly.
public protocol Guide<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar
    func callAsFunction(_ context: ModelContext<Scalar>) throws
}
