import LatentCore

/// An effect handler: it sees every site of a model run inside it, may
/// change it on the way in (`process`, innermost handler first) and on the
/// way out (`postprocess`, after the value is known). Pyro's Messenger.
public protocol Handler<Scalar>: AnyObject {
    /// The scalar type of the sites the handler sees.
    associatedtype Scalar: TensorScalar
    /// Called on each site on its way in, innermost handler first, before
    /// the value is drawn or read: may set the value, mark the site observed,
    /// change its scale or mask, or stop it from reaching outer handlers.
    /// - Parameter site: the site, changed in place.
    func process(_ site: inout Site<Scalar>) throws
    /// Called on each site on its way out, once its value is known, on the
    /// handlers that saw it, outermost first: may record or replace the value.
    /// - Parameter site: the site, changed in place.
    func postprocess(_ site: inout Site<Scalar>) throws
}

extension Handler {
    /// Does nothing: by default a handler leaves a site unchanged on its way in.
    public func process(_ site: inout Site<Scalar>) throws {}
    /// Does nothing: by default a handler leaves a site unchanged on its way out.
    public func postprocess(_ site: inout Site<Scalar>) throws {}
}
