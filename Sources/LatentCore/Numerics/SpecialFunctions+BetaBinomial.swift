/// The beta-binomial log-mass in a saddle-point form like Loader's for the
/// binomial (``logBinomialMass(successes:failures:logP:logQ:p:q:)``), so that
/// it keeps its digits where counts and concentrations are both large (10⁸
/// to 10¹⁵ and beyond), where its log-gammas are 10¹⁶ and cancel to a few
/// nats.
extension SpecialFunctions {
    /// log P(k) = log C(n, k) + log B(k + a, n − k + b) − log B(a, b) for
    /// integers 0 ≤ k ≤ n and a, b > 0 (NaN outside).
    ///
    /// With f = n − k, N = n + a + b and each log Γ(x) written as
    /// (x − ½) log x − x + ½ log 2π + δ(x) (``logGammaCorrection(_:)``), the
    /// terms x log x of the nine log-gammas collect into four deviances
    /// bd0(x, m) = x log(x/m) + m − x ≥ 0 (``binomialDeviance(_:_:excess:)``)
    /// about the pooled proportion (k + a)/N:
    ///
    /// log P = −bd0(a, (a + b)s) − bd0(b, (a + b)t) − bd0(k, ns) − bd0(f, nt)
    ///   + ½ log(n/(2πkf)) + ½ log1p(n/(a + b)) − ½ log1p(k/a) − ½ log1p(f/b)
    ///   + δ(n) − δ(k) − δ(f) + δ(k + a) + δ(f + b) − δ(N) − δ(a) − δ(b) + δ(a + b),
    ///
    /// where s = (k + a)/N and t = (f + b)/N, each deviance's excess x − m is
    /// ±d, d = (af − bk)/N (taken with one rounding per product, so that the
    /// deviances keep their digits where they are of order 1 at counts of
    /// 10¹⁵; the means m are formed as products, not as x ∓ d, which would
    /// cancel where m ≪ x), and the terms ½ log(n/(2πkf))
    /// and δ(n) − δ(k) − δ(f) of log C(n, k) are left out where k or f is 0
    /// (C(n, k) = 1 there). The deviances are subtracted, and the other
    /// terms are of the size of a logarithm: nothing large cancels.
    public static func logBetaBinomialMass(_ k: Double, totalCount n: Double, _ a: Double, _ b: Double) -> Double {
        guard k >= 0, k <= n, a > 0, b > 0 else { return .nan }
        if n == 0 { return 0 }
        let f = n - k, total = n + a + b
        let d = scaledDifferenceOfProducts(a, f, b, k, over: total)
        let (successShare, failureShare) = ((k + a) / total, (f + b) / total)
        let deviances = binomialDeviance(a, (a + b) * successShare, excess: d) + binomialDeviance(b, (a + b) * failureShare, excess: -d)
            + binomialDeviance(k, n * successShare, excess: -d) + binomialDeviance(f, n * failureShare, excess: d)
        let pooled = 0.5 * (Double.log(onePlus: n / (a + b)) - Double.log(onePlus: k / a) - Double.log(onePlus: f / b))
        let corrections = logGammaCorrection(k + a) + logGammaCorrection(f + b) - logGammaCorrection(total)
            - logGammaCorrection(a) - logGammaCorrection(b) + logGammaCorrection(a + b)
        guard k > 0, f > 0 else { return -deviances + pooled + corrections }
        // n/(2πk) and f apart: k·f overflows for counts beyond 10¹⁵⁴.
        let coefficient = 0.5 * (Double.log(n / (2 * Double.pi * k)) - Double.log(f))
            + logGammaCorrection(n) - logGammaCorrection(k) - logGammaCorrection(f)
        return -deviances + pooled + corrections + coefficient
    }

    /// (x·y − u·v)/w for x, y, u, v ≥ 0, w > 0: the products' difference
    /// with the rounding error of u·v restored by a fused multiply-add
    /// (Kahan's method, about 1.5 ulp), so that it keeps its digits where
    /// x·y ≈ u·v. Where a product would overflow, the operands are first
    /// scaled by a power of 2 (exact).
    private static func scaledDifferenceOfProducts(_ x: Double, _ y: Double, _ u: Double, _ v: Double, over w: Double) -> Double {
        let scale = (x * y).isFinite && (u * v).isFinite ? 1 : 1 / w.binade
        let (x, u, w) = (x * scale, u * scale, w * scale)
        let product = u * v
        let roundingOfProduct = product.addingProduct(-u, v)
        return ((-product).addingProduct(x, y) + roundingOfProduct) / w
    }
}
