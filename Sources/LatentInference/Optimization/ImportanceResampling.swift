import LatentCore

/// Multinomial resampling: indices drawn independently, with replacement,
/// with probabilities proportional to exp(log weight).
enum ImportanceResampling {
    /// `count` indices into `logWeights`. Weights exp(wᵢ − max w) are
    /// accumulated into a cumulative sum and each draw inverts it at a
    /// uniform point by binary search. A NaN or −∞ log weight has
    /// probability 0.
    /// - Throws: ``InferenceError/nonFiniteLogWeight(site:)`` when no weight
    ///   is positive and finite.
    static func indices(count: Int, logWeights: [Double], using generator: inout some RandomNumberGenerator) throws -> [Int] {
        let largest = logWeights.filter { !$0.isNaN }.max() ?? -.infinity
        guard largest.isFinite else { throw InferenceError.nonFiniteLogWeight(site: nil) }
        var cumulative = [Double]()
        cumulative.reserveCapacity(logWeights.count)
        var total = 0.0
        for w in logWeights {
            total += w.isNaN ? 0 : Double.exp(w - largest)
            cumulative.append(total)
        }
        return (0..<count).map { _ in
            let u = Double.randomUniform(using: &generator) * total
            var (low, high) = (0, cumulative.count - 1)
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > u { high = middle } else { low = middle + 1 }
            }
            return low
        }
    }
}
