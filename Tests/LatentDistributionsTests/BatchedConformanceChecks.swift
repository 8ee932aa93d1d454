import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// Checks that a batch of distributions is its members side by side: every
/// batched value equals, element by element, the value of the member built
/// alone from its own parameter elements (``BatchedCase/member(_:)``), and
/// shapes follow sample × batch × event. Written once for every precision.
enum BatchedConformanceChecks {
    /// A check by name, so that one test can run every check on every batch.
    enum Check: String, Sendable, CaseIterable {
        case shapesFollowTheConvention, logProbAgreesWithMembers, cdfAndQuantileAgreeWithMembers, statisticsAgreeWithMembers, gradientsAgreeWithMembers, valueOfAnotherShapeBroadcasts, drawsFollowEachMember

        /// Whether the check applies to `batch`: the CDF check needs a CDF,
        /// the [2]-valued one a [3, 1] batch, and the draws check a member
        /// that is a case of the table.
        func applies<S>(to batch: BatchedCase<S>) -> Bool {
            switch self {
            case .cdfAndQuantileAgreeWithMembers: (try? batch.make()) is any DistributionWithCDF<S>
            case .valueOfAnotherShapeBroadcasts: batch.parameterShapes.allSatisfy { $0 == [3, 1] }
            case .drawsFollowEachMember: batch.memberCases.contains { $0 != nil }
            default: true
            }
        }
    }

    /// Each check bound to each batch of `batches` it applies to.
    static func checks<S: ConformanceScalar>(of batches: [BatchedCase<S>]) -> [BoundCheck] {
        Check.allCases.flatMap { check in
            batches.filter(check.applies).map { batch in
                BoundCheck("\(check.rawValue): \(batch.name) in \(S.self)") { try run(check, on: batch) }
            }
        }
    }

    /// Runs `check` on `batch`.
    static func run<S: ConformanceScalar>(_ check: Check, on batch: BatchedCase<S>) throws {
        switch check {
        case .shapesFollowTheConvention: try shapesFollowTheConvention(batch)
        case .logProbAgreesWithMembers: try logProbAgreesWithMembers(batch)
        case .cdfAndQuantileAgreeWithMembers: try cdfAndQuantileAgreeWithMembers(batch)
        case .statisticsAgreeWithMembers: try statisticsAgreeWithMembers(batch)
        case .gradientsAgreeWithMembers: try gradientsAgreeWithMembers(batch)
        case .valueOfAnotherShapeBroadcasts: try valueOfAnotherShapeBroadcasts(batch)
        case .drawsFollowEachMember: try drawsFollowEachMember(batch)
        }
    }

    /// Draws per member for the value checks.
    static let drawCount = 40

    /// batchShape is the broadcast of the parameter shapes; sample(s) has
    /// shape s + batch + event; log p of a draw has shape s + batch.
    static func shapesFollowTheConvention<S: ConformanceScalar>(_ batch: BatchedCase<S>) throws {
        let distribution = try batch.make()
        #expect(distribution.batchShape == batch.batchShape, "\(batch.name): batch shape \(distribution.batchShape)")
        #expect(distribution.eventShape == [])
        var generator = Xoshiro256PlusPlus(seed: 31)
        for sampleShape in [[], [5], [4, 2]] {
            let draws = try distribution.sample(sampleShape, using: &generator)
            #expect(draws.shape == sampleShape + batch.batchShape, "\(batch.name): sample(\(sampleShape)) has shape \(draws.shape)")
            #expect(try distribution.logProb(of: draws).shape == sampleShape + batch.batchShape)
        }
    }

    /// log p of draws of shape [n] + batch against each member's log p of
    /// its column of draws.
    static func logProbAgreesWithMembers<S: ConformanceScalar>(_ batch: BatchedCase<S>) throws {
        let draws = try sample(batch, drawCount, seed: 41)
        let batched = try batch.make().logProb(of: draws)
        try expectColumnsAgree(batch, batched, "log p") { member, column in
            try batch.member(member).logProb(of: column(draws))
        }
    }

    /// F of the draws, and F⁻¹ of those probabilities, against each member's.
    static func cdfAndQuantileAgreeWithMembers<S: ConformanceScalar>(_ batch: BatchedCase<S>) throws {
        guard let distribution = try batch.make() as? any DistributionWithCDF<S> else { return }
        let draws = try sample(batch, drawCount, seed: 43)
        let probabilities = try distribution.cdf(draws)
        try expectColumnsAgree(batch, probabilities, "F") { member, column in
            try (batch.member(member) as! any DistributionWithCDF<S>).cdf(column(draws))
        }
        try expectColumnsAgree(batch, distribution.icdf(probabilities), "F⁻¹") { member, column in
            try (batch.member(member) as! any DistributionWithCDF<S>).icdf(column(probabilities))
        }
    }

    /// mean, variance and entropy have the batch shape and each member's value.
    static func statisticsAgreeWithMembers<S: ConformanceScalar>(_ batch: BatchedCase<S>) throws {
        for (label, values) in try statistics(of: batch.make()) {
            #expect(values.shape == batch.batchShape, "\(batch.name): \(label) has shape \(values.shape)")
            for (member, value) in values.scalars.enumerated() {
                let alone = try statistics(of: batch.member(member)).first { $0.0 == label }
                let reference = try #require(alone, "\(batch.name): member \(member) alone has no \(label)").1.scalarValue
                #expect(agree(value, reference), "\(batch.name) in \(S.self), member \(member): \(label) \(value), alone \(reference)")
            }
        }
    }

    /// The closed-form statistics a distribution has, named.
    static func statistics<S>(of distribution: any Distribution<S>) throws -> [(String, Tensor<S>)] {
        var result: [(String, Tensor<S>)] = []
        if let moments = distribution as? any DistributionWithMoments<S> {
            result += [("mean", try moments.mean), ("variance", try moments.variance)]
        }
        if let entropic = distribution as? any DistributionWithEntropy<S> {
            result.append(("entropy", try entropic.entropy()))
        }
        return result
    }

    /// ∂(Σ log p)/∂θ, over three draws per member, for each element of
    /// each parameter tensor against the sum of the gradients of each
    /// member alone at each of its draws, over the members that
    /// broadcasting gives that element: broadcasting's reverse (a sum over
    /// the sample axis and the broadcast axes) must give exactly that, to
    /// the rounding of the sum: four times `batchAgreement` of Σ|terms|, as
    /// a gradient takes a few more operations than its value.
    static func gradientsAgreeWithMembers<S: ConformanceScalar>(_ batch: BatchedCase<S>) throws {
        let draws = try sample(batch, 3, seed: 47)
        let parameters = try zip(batch.parameterShapes, batch.parameterElements).map { shape, elements in
            try Tensor(shape: shape, scalars: elements.map { S($0) })
        }
        let batched = try valueWithGradient(at: parameters) { p in try batch.build(p).logProb(of: draws).sum() }.gradients
        // terms[member][draw][parameter]
        let terms = try batch.memberParameters.indices.map { member in
            try column(member, of: draws, in: batch).scalars.map { x in
                try valueWithGradient(at: batch.memberParameters[member].map { Tensor(S($0)) }) { p in
                    try batch.build(p).logProb(of: Tensor(x)).sum()
                }.gradients.map { try Double($0.scalarValue) }
            }
        }
        for (j, gradient) in batched.enumerated() {
            #expect(gradient.shape == batch.parameterShapes[j])
            for (element, value) in gradient.scalars.enumerated() {
                let contributions = batch.members(using: element, ofParameter: j).flatMap { terms[$0].map { $0[j] } }
                let reference = contributions.reduce(0, +)
                let magnitude = contributions.reduce(0) { $0 + abs($1) }
                #expect(abs(Double(value) - reference) <= 4 * S.tolerances.batchAgreement * max(1, magnitude),
                        "\(batch.name) in \(S.self): ∂/∂θ\(j)[\(element)] = \(value), members alone \(reference)")
            }
        }
    }

    /// A [3, 1] batch against a value of shape [2]: log p has shape [3, 2],
    /// element (i, k) member i's log p of value k.
    static func valueOfAnotherShapeBroadcasts<S: ConformanceScalar>(_ batch: BatchedCase<S>) throws {
        let draws = try sample(batch, 1, seed: 53).scalars
        let values = Tensor([draws[0], draws[1]])
        let batched = try batch.make().logProb(of: values)
        #expect(batched.shape == [3, 2], "\(batch.name): log p of a [2] value has shape \(batched.shape)")
        for i in 0..<3 {
            let alone = try batch.member(i).logProb(of: values).scalars
            for k in 0..<2 {
                let value = try batched.scalar(at: [i, k])
                #expect(agree(value, alone[k]), "\(batch.name) in \(S.self): log p[\(i), \(k)] = \(value), member alone \(alone[k])")
            }
        }
    }

    /// 4,000 draws of the batch, each member's column against the reference
    /// of the table case it is, at `ConformanceChecks.falseFailureRate` per
    /// member: a batch that draws every member from one setting fails here.
    static func drawsFollowEachMember<S: ConformanceScalar>(_ batch: BatchedCase<S>) throws {
        let draws = try sample(batch, 4_000, seed: 59)
        for (member, testCase) in batch.memberCases.enumerated() {
            guard let testCase else { continue }
            let values = try column(member, of: draws, in: batch).scalars.map(Double.init)
            try ConformanceChecks.expectDrawsFollow(testCase, values, comment: " as member \(member) of \(batch.name)")
        }
    }

    /// `count` draws of the batch, shape [count] + batch.
    static func sample<S>(_ batch: BatchedCase<S>, _ count: Int, seed: UInt64) throws -> Tensor<S> {
        var generator = Xoshiro256PlusPlus(seed: seed)
        return try batch.make().sample([count], using: &generator)
    }

    /// The values of member `member` in `values` of shape [n] + batch, as a vector.
    static func column<S>(_ member: Int, of values: Tensor<S>, in batch: BatchedCase<S>) -> Tensor<S> {
        let size = batch.memberParameters.count
        return Tensor(stride(from: member, to: values.scalars.count, by: size).map { values.scalars[$0] })
    }

    /// `batched` (shape [n] + batch) against `alone(member, column)`, each
    /// member's values computed alone from its column of the inputs.
    static func expectColumnsAgree<S: ConformanceScalar>(
        _ batch: BatchedCase<S>, _ batched: Tensor<S>, _ label: String,
        alone: (Int, (Tensor<S>) -> Tensor<S>) throws -> Tensor<S>
    ) throws {
        #expect(batched.shape.dropFirst().elementsEqual(batch.batchShape), "\(batch.name): \(label) has shape \(batched.shape)")
        for member in batch.memberParameters.indices {
            let reference = try alone(member) { column(member, of: $0, in: batch) }.scalars
            let values = column(member, of: batched, in: batch).scalars
            for (value, expected) in zip(values, reference) {
                #expect(agree(value, expected), "\(batch.name) in \(S.self), member \(member): \(label) = \(value), alone \(expected)")
            }
        }
    }

    /// Within `batchAgreement` (relative, absolute below 1); NaN agrees
    /// with NaN, as a quantile of 0 or 1 may be.
    static func agree<S: ConformanceScalar>(_ value: S, _ reference: S) -> Bool {
        (value.isNaN && reference.isNaN) || isClose(Double(value), Double(reference), tolerance: S.tolerances.batchAgreement)
    }
}
