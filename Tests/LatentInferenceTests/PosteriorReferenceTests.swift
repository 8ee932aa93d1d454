import Foundation
import LatentTestSupport
import Testing

/// The exact reference posteriors of `LatentTestSupport` against the
/// figures of `Benchmarks/peers/posteriordb_references.py`, which computes
/// the same moments in Python by other routes (least squares by SVD,
/// p(y | σ) as an n-dimensional Gaussian, the conditional moments of eight
/// schools by conditioning the non-centred joint Gaussian, quadrature over
/// σ rather than log σ, QUADPACK through scipy).
@Suite struct PosteriorReferenceTests {
    /// Both sides integrate to relative tolerance 10⁻¹¹–10⁻¹³ and solve
    /// systems with κ ≤ 10⁶ (relative error ≤ 10⁻¹⁰). scipy's `quad_vec`
    /// bounds the error of the whole vector of moments in norm, so a
    /// variance 10⁻⁶ times the largest second moment (sblri's β) keeps only
    /// about 10⁻⁷ of its own. A millionth of a posterior sd, for means and
    /// (relatively) for sds, is above all of that and far below any error
    /// that matters to a fit (the tolerances are 0.1 sd and 20 %).
    static let agreement = 1e-6

    @Test func kidiqAgreesWithPython() throws {
        try expectAgreement(.kidiq(.load("kidiq")), PythonFigures.kidiq)
    }

    @Test func mesquiteAgreesWithPython() throws {
        try expectAgreement(.mesquite(.load("mesquite")), PythonFigures.mesquite)
    }

    @Test func sblriAgreesWithPython() throws {
        try expectAgreement(.sblri(.load("sblri")), PythonFigures.sblri)
    }

    @Test func eightSchoolsAgreesWithPython() throws {
        try expectAgreement(.eightSchools(.load("eight_schools")), PythonFigures.eightSchools)
    }

    /// The mixture by the Swift rule (9 nodes per axis) against Python's
    /// (10 nodes per axis, its own mode and Hessian): two rules of
    /// different order agree within their quadrature error, which the
    /// reference estimates; the bound is that estimate, and no less than
    /// the agreement of the exact references.
    @Test func gaussianMixtureAgreesWithPython() throws {
        let reference = try PosteriorReference.gaussianMixture(.load("low_dim_gauss_mix"))
        #expect(reference.numericalError < 1e-4)
        try expectAgreement(reference, PythonFigures.gaussianMixture, within: max(Self.agreement, reference.numericalError))
    }

    /// mesquite's closed form (Gamma functions) against the quadrature
    /// over σ that the other references use: the quadrature is asked for
    /// 10⁻¹¹ relative, so they agree to 10⁻⁸ of a posterior sd unless
    /// the quadrature (or the closed form's power of σ) is wrong.
    @Test func mesquiteClosedFormAgreesWithQuadrature() throws {
        let data = try PosteriorData.load("mesquite")
        let closedForm = try PosteriorReference.mesquite(data, by: .closedForm)
        let quadrature = try PosteriorReference.mesquite(data, by: .quadrature)
        #expect(quadrature.numericalError < 1e-8)
        for name in closedForm.parameters {
            let sd = closedForm.sd[name]!
            #expect(abs(quadrature.mean[name]! - closedForm.mean[name]!) <= 1e-8 * sd, "\(name) mean")
            #expect(abs(quadrature.sd[name]! - sd) <= 1e-8 * sd, "\(name) sd")
        }
    }

    /// Every reference's own error estimate is far inside the agreement
    /// asked of it, so a disagreement would point at a formula.
    @Test func quadratureErrorEstimatesAreSmall() throws {
        let references: [PosteriorReference] = try [
            .kidiq(.load("kidiq")), .sblri(.load("sblri")), .eightSchools(.load("eight_schools")),
        ]
        for reference in references {
            #expect(reference.numericalError < 1e-8, "\(reference.posterior)")
        }
    }

    @Test func namesTheMissingKeyAndFile() throws {
        let data = try PosteriorData.load("kidiq")
        #expect(throws: PosteriorReferenceError.missingKey(key: "mom_age", file: data.file)) {
            try data.vector("mom_age")
        }
        #expect(throws: PosteriorReferenceError.wrongKind(key: "N", file: data.file, expected: "a vector of numbers")) {
            try data.vector("N")
        }
    }

    @Test func namesTheUnreadableFile() throws {
        let path = try PosteriorData.folder() + "/no_such_posterior.json"
        #expect {
            try PosteriorData.load("no_such_posterior")
        } throws: { error in
            guard case let .dataFileUnreadable(unreadable, _) = error as? PosteriorReferenceError else { return false }
            return unreadable == path
        }
    }

    private func expectAgreement(
        _ reference: PosteriorReference, _ python: [String: (mean: Double, sd: Double)], within agreement: Double = agreement
    ) {
        #expect(Set(reference.parameters) == Set(python.keys))
        for (name, figures) in python {
            guard let mean = reference.mean[name], let sd = reference.sd[name] else { continue }
            #expect(abs(mean - figures.mean) <= agreement * figures.sd, "\(reference.posterior) \(name) mean \(mean) vs \(figures.mean)")
            #expect(abs(sd - figures.sd) <= agreement * figures.sd, "\(reference.posterior) \(name) sd \(sd) vs \(figures.sd)")
        }
    }
}

/// The Gauss–Hermite rule the mixture's reference is built on, against
/// the moments of N(0, 1): ∫ x²ᵏ e^(−x²/2) dx = √(2π) (2k − 1)!!, exact
/// for 2k ≤ 2n − 1, and the odd moments vanish, so the rule must reproduce
/// them to rounding. A node off by a few ulps changes xᵖ p times as much,
/// so the bound is p·10⁻¹³ of Σ wᵢ|xᵢ|ᵖ, the size of the terms summed.
@Suite struct GaussHermiteRuleTests {
    @Test(arguments: [3, 7, 9, 12]) func integratesPolynomialsExactly(order: Int) {
        let rule = GaussHermiteRule(order: order)
        for power in 0..<(2 * order) {
            let terms = zip(rule.nodes, rule.weights).map { $0.1 * pow($0.0, Double(power)) }
            let sum = terms.reduce(0, +), size = terms.reduce(0) { $0 + abs($1) }
            let doubleFactorial = stride(from: power - 1, to: 0, by: -2).reduce(1.0) { $0 * Double($1) }
            let exact = power % 2 == 1 ? 0 : (2 * Double.pi).squareRoot() * doubleFactorial
            #expect(abs(sum - exact) <= Double(max(1, power)) * 1e-13 * size, "order \(order), x^\(power): \(sum) vs \(exact)")
        }
    }
}
