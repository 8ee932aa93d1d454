import RealModule

/// Scalar functions whose obvious formulas overflow, underflow or cancel,
/// written so that they stay finite (or exactly ±∞) over the whole range of
/// the type. Tensor operations apply these elementwise.
extension TensorScalar {
    /// log(1 + x) by Goldberg's identity log(u)·x/(u − 1) with u = 1 + x
    /// (Goldberg 1991, theorem 4): within a few ulps, because the rounding
    /// error committed in forming u cancels in x/(u − 1). It needs only
    /// `log`, which here is 3–4 times faster than glibc's `log1pf`/`log1p`.
    @inlinable @inline(__always)
    public static func logOnePlus(_ x: Self) -> Self {
        let u = 1 + x
        if u == 1 { return x }
        if u == .infinity { return .infinity }
        return .log(u) * (x / (u - 1))
    }

    /// log(1 + eˣ), as max(x, 0) + log1p(e^(−|x|)): the exponential never
    /// overflows, large negative x gives eˣ without cancellation, and there
    /// is no branch on the sign of x to mispredict on mixed-sign data.
    @inlinable @inline(__always)
    public static func softplus(_ x: Self) -> Self {
        Swift.max(x, 0) + logOnePlus(.exp(-Swift.abs(x)))
    }

    /// The logistic function 1 / (1 + e⁻ˣ), evaluated on the side where the
    /// exponential cannot overflow.
    @inlinable @inline(__always)
    public static func sigmoid(_ x: Self) -> Self {
        if x >= 0 {
            return 1 / (1 + .exp(-x))
        }
        let e = Self.exp(x)
        return e / (1 + e)
    }

    /// log σ(x) = −softplus(−x): finite for every finite x (≈ x for x ≪ 0).
    @inlinable @inline(__always)
    public static func logSigmoid(_ x: Self) -> Self {
        -softplus(-x)
    }

    /// log(1 − eˣ) for x ≤ 0 (Mächler 2012): log(−expm1(x)) near 0, where
    /// 1 − eˣ cancels, and log1p(−eˣ) further out, where eˣ is tiny.
    /// Gives −∞ at x = 0 and NaN for x > 0, where 1 − eˣ < 0.
    @inlinable @inline(__always)
    public static func log1mexp(_ x: Self) -> Self {
        x > -Self.log(2) ? .log(-.expMinusOne(x)) : .logOnePlus(-.exp(x))
    }

    /// log(eᵃ + eᵇ) without overflow; −∞ when both are −∞.
    @inlinable @inline(__always)
    public static func logAddExp(_ a: Self, _ b: Self) -> Self {
        let m = Swift.max(a, b)
        if m == -.infinity { return -.infinity }
        if m == .infinity { return .infinity }
        return m + .logOnePlus(.exp(-Swift.abs(a - b)))
    }

    /// The larger of a and b, NaN if either is NaN. `Swift.max` returns
    /// whichever argument its comparison happens to keep, and IEEE 754's
    /// `maximum` treats NaN as missing data; either way a NaN could vanish.
    @inlinable @inline(__always)
    public static func maximumOrNaN(_ a: Self, _ b: Self) -> Self {
        a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
    }

    /// The smaller of a and b, NaN if either is NaN.
    @inlinable @inline(__always)
    public static func minimumOrNaN(_ a: Self, _ b: Self) -> Self {
        a.isNaN || b.isNaN ? .nan : Swift.min(a, b)
    }

    /// x·log(y), taken as 0 when x = 0 (even for y = 0), as in the
    /// log-likelihood of a Bernoulli variable at a certain outcome.
    @inlinable @inline(__always)
    public static func xlogy(_ x: Self, _ y: Self) -> Self {
        x == 0 ? 0 : x * .log(y)
    }
}
