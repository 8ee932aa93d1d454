import LatentCore

/// An effect handler: it sees every site of a model run inside it, may
/// change it on the way in (`process`, innermost handler first) and on the
/// way out (`postprocess`, after the value is known). Pyro's Messenger.
public protocol Handler<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar
    func process(_ site: inout Site<Scalar>) throws
    func postprocess(_ site: inout Site<Scalar>) throws
}

extension Handler {
    public func process(_ site: inout Site<Scalar>) throws {}
    public func postprocess(_ site: inout Site<Scalar>) throws {}
}
