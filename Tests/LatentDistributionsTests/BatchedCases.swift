import LatentCore
import LatentTestSupport

/// Every elementwise family of the case table as a batch, as NumPyro's case
/// table holds batched parameters: all parameters of shape [2]; all of
/// shape [3, 1]; and, for families of two or more parameters, the first of
/// shape [3, 1] broadcast against the rest of shape [2] (a [3, 2] batch),
/// where every such mix of settings is valid.
func batchedCases<Scalar: TensorScalar>(_: Scalar.Type = Scalar.self) -> [BatchedCase<Scalar>] {
    caseFamilies(Scalar.self).flatMap { family -> [BatchedCase<Scalar>] in
        let count = family.first?.parameters.count ?? 0
        let layouts = [Array(repeating: [2], count: count), Array(repeating: [3, 1], count: count)]
            + (count > 1 ? [[[3, 1]] + Array(repeating: [2], count: count - 1)] : [])
        return layouts.compactMap { BatchedCase(family, parameterShapes: $0) }
    }
}

/// Every batched check on every batch, in Double and in Float.
let batchedChecks = BatchedConformanceChecks.checks(of: batchedCases(Double.self))
    + BatchedConformanceChecks.checks(of: batchedCases(Float.self))
