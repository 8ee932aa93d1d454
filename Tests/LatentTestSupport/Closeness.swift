/// |a − b| ≤ tolerance·max(1, |b|): relative error for large values,
/// absolute near zero, where a relative error is meaningless.
public func isClose(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    if a == b { return true }
    return abs(a - b) <= tolerance * max(1, abs(b))
}

/// |a − b| ≤ tolerance·|b|: strict relative error, for reference values
/// known not to be near zero.
public func isRelativelyClose(_ a: Double, _ b: Double, tolerance: Double) -> Bool {
    if a == b { return true }
    return abs(a - b) <= tolerance * abs(b)
}
