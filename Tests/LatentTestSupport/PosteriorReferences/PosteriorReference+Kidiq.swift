extension PosteriorReference {
    /// kidiq-kidscore_momiq: kid_score ~ N(β₁ + β₂·mom_iq, σ), β flat,
    /// σ ~ HalfCauchy(0, 2.5). Exact up to the one-dimensional quadrature
    /// over σ (see ``linearRegression(posterior:fit:logPriorOfSigma:)``).
    public static func kidiq(_ data: PosteriorData) throws -> PosteriorReference {
        let count = try data.vector("kid_score").count
        let columns = try data.columns(["kid_score", "mom_iq"], count: count)
        let fit = try LeastSquaresFit(design: columns[1].map { [1, $0] }, response: columns[0])
        return try linearRegression(posterior: "kidiq-kidscore_momiq", fit: fit) { logHalfCauchy($0, scale: 2.5) }
    }
}
