import LatentCore
import LatentTestSupport
import Testing

/// One differentiable operation under test: its inputs' shapes and domain,
/// and the operation itself.
struct GradientCase: Sendable, CustomTestStringConvertible {
    let name: String
    let shapes: [[Int]]
    var domain: InputDomain = .real
    let apply: @Sendable ([Tensor<Double>]) throws -> Tensor<Double>

    var testDescription: String { name }
}

/// Every primitive, and the composites users reach for, with broadcasting
/// shapes where the operation broadcasts.
let gradientCases: [GradientCase] = [
    // Arithmetic, broadcasting both ways.
    GradientCase(name: "add [3,1,4]+[2,4]", shapes: [[3, 1, 4], [2, 4]]) { try $0[0] + $0[1] },
    GradientCase(name: "subtract [2,3]-[3]", shapes: [[2, 3], [3]]) { try $0[0] - $0[1] },
    GradientCase(name: "multiply [4,1]*[1,5]", shapes: [[4, 1], [1, 5]]) { try $0[0] * $0[1] },
    GradientCase(name: "divide [2,3]/[3]", shapes: [[2, 3], [3]], domain: .positive) { try $0[0] / $0[1] },
    GradientCase(name: "scalar / tensor", shapes: [[4]], domain: .positive) { 2.5 / $0[0] },
    GradientCase(name: "scalar arithmetic", shapes: [[5]]) { (3 - $0[0] * 2 + 1) / 4 },
    GradientCase(name: "negate", shapes: [[3, 2]]) { -$0[0] },
    GradientCase(name: "pow tensor^tensor [2,3]^[3]", shapes: [[2, 3], [3]], domain: .positive) { try pow($0[0], $0[1]) },
    GradientCase(name: "pow tensor^2.5", shapes: [[4]], domain: .positive) { pow($0[0], 2.5) },
    GradientCase(name: "min [2,3],[3]", shapes: [[2, 3], [3]]) { try min($0[0], $0[1]) },
    GradientCase(name: "max [2,3],[2,1]", shapes: [[2, 3], [2, 1]]) { try max($0[0], $0[1]) },
    // Elementwise functions.
    GradientCase(name: "exp", shapes: [[2, 3]]) { exp($0[0]) },
    GradientCase(name: "expm1", shapes: [[2, 3]]) { expm1($0[0]) },
    GradientCase(name: "log", shapes: [[2, 3]], domain: .positive) { log($0[0]) },
    GradientCase(name: "log1p", shapes: [[2, 3]], domain: .positive) { log1p($0[0]) },
    GradientCase(name: "sqrt", shapes: [[2, 3]], domain: .positive) { sqrt($0[0]) },
    GradientCase(name: "abs", shapes: [[2, 3]], domain: .awayFromZero) { abs($0[0]) },
    GradientCase(name: "sin", shapes: [[2, 3]]) { sin($0[0]) },
    GradientCase(name: "cos", shapes: [[2, 3]]) { cos($0[0]) },
    GradientCase(name: "tanh", shapes: [[2, 3]]) { tanh($0[0]) },
    GradientCase(name: "tan", shapes: [[2, 3]]) { tan($0[0] * 0.5) },
    GradientCase(name: "atan", shapes: [[2, 3]]) { atan($0[0] * 2) },
    GradientCase(name: "sigmoid", shapes: [[2, 3]]) { sigmoid($0[0] * 3) },
    GradientCase(name: "logSigmoid", shapes: [[2, 3]]) { logSigmoid($0[0] * 3) },
    GradientCase(name: "softplus", shapes: [[2, 3]]) { softplus($0[0] * 3) },
    GradientCase(name: "relu", shapes: [[2, 3]], domain: .awayFromZero) { relu($0[0]) },
    GradientCase(name: "log1mexp", shapes: [[2, 3]], domain: .negative) { log1mexp($0[0]) },
    GradientCase(name: "logGamma", shapes: [[2, 3]], domain: .positive) { logGamma($0[0]) },
    GradientCase(name: "digamma", shapes: [[2, 3]], domain: .positive) { digamma($0[0]) },
    GradientCase(name: "trigamma", shapes: [[2, 3]], domain: .positive) { trigamma($0[0]) },
    GradientCase(name: "erf", shapes: [[2, 3]]) { erf($0[0]) },
    GradientCase(name: "erfc", shapes: [[2, 3]]) { erfc($0[0]) },
    GradientCase(name: "erfinv", shapes: [[2, 3]]) { erfinv(tanh($0[0])) },
    GradientCase(name: "clamped", shapes: [[3, 4]]) { try ($0[0] * 2).clamped(to: -0.5, 0.5) },
    GradientCase(name: "select [2,3] mask, [3], [2,1]", shapes: [[3], [2, 1]]) {
        let mask = try Tensor<Double>(shape: [2, 3], scalars: [1, 0, 1, 0, 0, 1])
        return try select(where: mask, $0[0], $0[1])
    },
    // Reductions.
    GradientCase(name: "sum all", shapes: [[2, 3, 4]]) { $0[0].sum() },
    GradientCase(name: "sum axis 1 keeping", shapes: [[2, 3, 4]]) { try $0[0].sum(alongAxes: [1], keepingDims: true) },
    GradientCase(name: "sum axes 0,-1", shapes: [[2, 3, 4]]) { try $0[0].sum(alongAxes: [0, -1]) },
    GradientCase(name: "mean all", shapes: [[3, 4]]) { $0[0].mean() },
    GradientCase(name: "mean axis 0", shapes: [[3, 4]]) { try $0[0].mean(alongAxes: [0]) },
    GradientCase(name: "max all", shapes: [[3, 4]]) { $0[0].max() },
    GradientCase(name: "max axis 1", shapes: [[3, 4]]) { try $0[0].max(alongAxes: [1]) },
    GradientCase(name: "logSumExp all", shapes: [[3, 4]]) { $0[0].logSumExp() },
    GradientCase(name: "logSumExp axis 0", shapes: [[3, 4]]) { try $0[0].logSumExp(alongAxes: [0]) },
    GradientCase(name: "softmax axis -1", shapes: [[3, 4]]) { try $0[0].softmax() },
    GradientCase(name: "softmax axis 0", shapes: [[3, 4]]) { try $0[0].softmax(alongAxis: 0) },
    GradientCase(name: "logSoftmax axis 1", shapes: [[2, 3, 4]]) { try $0[0].logSoftmax(alongAxis: 1) },
    // Matrix products.
    GradientCase(name: "matmul [3,4]·[4,5]", shapes: [[3, 4], [4, 5]]) { try matmul($0[0], $0[1]) },
    GradientCase(name: "matmul [2,3,4]·[4,5]", shapes: [[2, 3, 4], [4, 5]]) { try matmul($0[0], $0[1]) },
    GradientCase(name: "matmul [3,4]·[2,4,5]", shapes: [[3, 4], [2, 4, 5]]) { try matmul($0[0], $0[1]) },
    GradientCase(name: "matmul [2,3,4]·[2,4,5]", shapes: [[2, 3, 4], [2, 4, 5]]) { try matmul($0[0], $0[1]) },
    GradientCase(name: "matmul [4]·[4,5]", shapes: [[4], [4, 5]]) { try matmul($0[0], $0[1]) },
    GradientCase(name: "matmul [3,4]·[4,5] + bias [5]", shapes: [[3, 4], [4, 5], [5]]) { try matmul($0[0], $0[1], adding: $0[2]) },
    GradientCase(name: "matmul [3,4]·[4,5] + bias [1,5]", shapes: [[3, 4], [4, 5], [1, 5]]) { try matmul($0[0], $0[1], adding: $0[2]) },
    GradientCase(name: "matmul [2,3,4]·[4,5] + bias [5]", shapes: [[2, 3, 4], [4, 5], [5]]) { try matmul($0[0], $0[1], adding: $0[2]) },
    GradientCase(name: "matmul [3,4]·[4,5] + bias [3,5] (fallback)", shapes: [[3, 4], [4, 5], [3, 5]]) { try matmul($0[0], $0[1], adding: $0[2]) },
    GradientCase(name: "matmul [3,4]·[4]", shapes: [[3, 4], [4]]) { try matmul($0[0], $0[1]) },
    GradientCase(name: "matmul [4]·[4] (dot product)", shapes: [[4], [4]]) { try matmul($0[0], $0[1]) },
    // Moving scalars.
    GradientCase(name: "reshaped", shapes: [[2, 6]]) { try $0[0].reshaped(to: [3, -1]) * $0[0].reshaped(to: [3, 4]) },
    GradientCase(name: "transposed", shapes: [[2, 3, 4]]) { try $0[0].transposed() },
    GradientCase(name: "permuted [2,0,1]", shapes: [[2, 3, 4]]) { try $0[0].permuted([2, 0, 1]) },
    GradientCase(name: "expanded [3,1]→[2,3,4]", shapes: [[3, 1]]) { try $0[0].expanded(to: [2, 3, 4]) },
    GradientCase(name: "expanded [3,4]→[2,3,4] (whole copies)", shapes: [[3, 4]]) { try $0[0].expanded(to: [2, 3, 4]) },
    GradientCase(name: "concatenating axis 1", shapes: [[2, 1], [2, 3], [2, 2]]) {
        try Tensor.concatenating($0, alongAxis: 1)
    },
    GradientCase(name: "stacking axis 1", shapes: [[2, 3], [2, 3]]) { try Tensor.stacking($0, alongAxis: 1) },
    GradientCase(name: "sliced axis 1", shapes: [[3, 5]]) { try $0[0].sliced(alongAxis: 1, 1..<4) },
    GradientCase(name: "selecting with repeats", shapes: [[4, 3]]) { try $0[0].slices(at: [2, 0, 2, 3], alongAxis: 0) },
    GradientCase(name: "gathering axis -1", shapes: [[3, 4]]) { try $0[0].gathering([3, 0, 1, 1, 2, 2], alongAxis: -1) },
    // Linear algebra.
    GradientCase(name: "cholesky of B·Bᵀ + 3I", shapes: [[3, 3]]) {
        try (matmul($0[0], $0[0].transposed()) + Tensor<Double>.identity(3) * 3).cholesky()
    },
    GradientCase(name: "lowerTriangularSolve L·X = B", shapes: [[3, 3], [3, 2]]) {
        try lowerTriangularSolve($0[0] + Tensor<Double>.identity(3) * 3, $0[1])
    },
    GradientCase(name: "lowerTriangularSolve Lᵀ·X = b", shapes: [[3, 3], [3]]) {
        try lowerTriangularSolve($0[0] + Tensor<Double>.identity(3) * 3, $0[1], transposed: true)
    },
    GradientCase(name: "withKnownDerivatives (x² given 2x) and a broadcast input", shapes: [[2, 3], [3]]) {
        let value = try ($0[0] * $0[0] + $0[1]).detached
        return try withKnownDerivatives(value, inputs: [$0[0], $0[1]], partials: [$0[0] * 2, Tensor<Double>(1)])
    },
    GradientCase(name: "xlogy", shapes: [[2, 3], [2, 3]], domain: .positive) { try xlogy($0[0], $0[1]) },
    // A composite: one layer of a network with a tensor used twice.
    GradientCase(name: "softplus(x·W + b)·x reuse", shapes: [[4, 3], [3, 3], [3]]) {
        let hidden = try softplus(matmul($0[0], $0[1]) + $0[2])
        return try hidden * $0[0]
    },
]

@Suite("Every differentiable operation matches central finite differences")
struct GradientTests {
    /// A correct rule agrees with the central difference to about 1e-10
    /// (see `gradientCheck`); 1e-6 leaves room for conditioning, while any
    /// wrong rule (a missing factor, a wrong sign, a dropped broadcast sum)
    /// is off by order 1.
    @Test(arguments: gradientCases)
    func matchesFiniteDifferences(_ testCase: GradientCase) throws {
        let inputs = try testCase.shapes.enumerated().map { index, shape in
            try testCase.domain.draw(shape, seed: UInt64(100 + index))
        }
        let check = try gradientCheck(at: inputs) { try weightedSum(testCase.apply($0)) }
        for (index, error) in check.relativeErrors.enumerated() {
            #expect(error <= 1e-6, "\(testCase.name): argument \(index) relative error \(error)")
        }
        #expect(check.analytic.allSatisfy { $0.isFinite })
    }
}
