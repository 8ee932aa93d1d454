import LatentCore
import LatentDistributions
import Testing

/// Each family checks its parameters against its table: a violation is a
/// typed error naming the family, the parameter, what it must be and the
/// first offending value; shapes are checked even when values are not.
@Suite("Parameter tables")
struct ParameterTableTests {
    @Test func violationsNameFamilyParameterRequirementAndValue() throws {
        #expect(throws: DistributionError.invalidParameter(distribution: "Normal", parameter: "scale", requirement: "positive", value: -1)) {
            try Normal(loc: Tensor([0.0, 1.0]), scale: Tensor([2.0, -1.0]))
        }
        #expect(throws: DistributionError.invalidParameter(
            distribution: "Uniform", parameter: "high", requirement: "greater than 2.0", value: 1)) {
            try Uniform(low: Tensor(2.0), high: Tensor(1.0))
        }
        #expect(throws: DistributionError.invalidParameter(distribution: "Uniform", parameter: "low", requirement: "finite", value: -.infinity)) {
            try Uniform(low: Tensor(-.infinity), high: Tensor(1.0))
        }
        #expect(throws: DistributionError.invalidParameter(
            distribution: "VonMises", parameter: "concentration", requirement: "finite", value: .infinity)) {
            try VonMises(loc: Tensor(0.0), concentration: Tensor(.infinity))
        }
        #expect(throws: DistributionError.invalidParameter(
            distribution: "Binomial", parameter: "totalCount", requirement: "a non-negative integer", value: 2.5)) {
            try Binomial(totalCount: Tensor(2.5), logits: Tensor(0.0))
        }
        #expect(throws: DistributionError.invalidParameter(
            distribution: "Categorical", parameter: "probs (row sum)", requirement: "positive", value: 0)) {
            try Categorical(probs: Tensor(rows: [[0.5, 0.5], [0.0, 0.0]]))
        }
        #expect(throws: DistributionError.invalidParameter(
            distribution: "Categorical", parameter: "logits", requirement: "a tensor with categories along its last axis", value: 0.5)) {
            try Categorical(logits: Tensor(0.5))
        }
        #expect(throws: DistributionError.invalidParameter(
            distribution: "RelaxedOneHotCategorical", parameter: "probs", requirement: "non-negative", value: -0.5)) {
            try RelaxedOneHotCategorical(temperature: Tensor(0.5), probs: Tensor([1.5, -0.5]))
        }
        #expect(throws: DistributionError.invalidParameter(
            distribution: "AffineBijector", parameter: "|scale|", requirement: "positive", value: 0)) {
            try AffineBijector(loc: Tensor(1.0), scale: Tensor(0.0))
        }
    }

    @Test func eventConstraintsNameTheFirstScalarOfTheFirstBadEvent() throws {
        #expect(throws: DistributionError.invalidParameter(
            distribution: "MultivariateNormal", parameter: "scaleTril", requirement: "lower triangular with a positive diagonal",
            value: -1)) {
            try MultivariateNormal(loc: Tensor([0.0, 0.0]), scaleTril: Tensor(rows: [[-1, 0], [0.5, 1]]))
        }
    }

    @Test func shapesAreCheckedEvenWithoutValidation() throws {
        let mismatch = DistributionError.parameterShapeMismatch(distribution: "Gamma", shapes: ["concentration": [2], "rate": [3]])
        #expect(throws: mismatch) { try Gamma(concentration: Tensor([1.0, 2.0]), rate: Tensor([1.0, 2.0, 3.0]), validating: false) }
        #expect(try Gamma(concentration: Tensor([-1.0, 2.0]), rate: Tensor(1.0), validating: false).batchShape == [2])
    }

    @Test func finiteExcludesInfinitiesAndNaN() throws {
        let values = try Tensor<Double>(shape: [5], scalars: [-.greatestFiniteMagnitude, 0, 1e300, .infinity, .nan])
        #expect(try Constraint<Double>.finite.mask(values).scalars == [1, 1, 1, 0, 0])
        #expect(try Constraint<Float>.finite.contains(Tensor<Float>(shape: [9], repeating: 1)))
        #expect(try !Constraint<Float>.finite.contains(Tensor<Float>(shape: [9], scalars: [1, 1, 1, 1, 1, 1, 1, 1, -.infinity])))
    }
}
