import LatentCore

/// A precision the conformance harness runs in.
public protocol ConformanceScalar: TensorScalar {
    /// The conformance tolerances of this precision.
    static var tolerances: Tolerances { get }
}

extension Double: ConformanceScalar {
    public static var tolerances: Tolerances { .double }
}

extension Float: ConformanceScalar {
    public static var tolerances: Tolerances { .float }
}
