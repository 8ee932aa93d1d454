import CGSL
import Foundation
import LatentCore
import LatentTestSupport
import Testing

/// The whole-tensor kernels of `TensorScalar` compute, case by case, what
/// their names say: each function against glibc or GSL, each operation and
/// reduction against a plain loop over the broadcast indices, in Double and
/// in Float.
@Suite("Whole-tensor kernels of TensorScalar")
struct WholeTensorKernelTests {
    /// Points inside and outside each function's domain (negative for log,
    /// beyond ±1 for erfinv, non-integers below 0 for the gamma family).
    static let points: [Double] = [-2.5, -0.75, -0.3, 0.3, 0.6, 1.5, 4.25]

    /// The function each case names, from glibc or GSL; NaN outside its domain.
    static func reference(_ function: ElementwiseFunction, _ x: Double) -> Double {
        switch function {
        case .exp: return Foundation.exp(x)
        case .expm1: return Foundation.expm1(x)
        case .log: return Foundation.log(x)
        case .log1p: return Foundation.log1p(x)
        case .sqrt: return Foundation.sqrt(x)
        case .abs: return Swift.abs(x)
        case .negate: return -x
        case .sin: return Foundation.sin(x)
        case .cos: return Foundation.cos(x)
        case .tan: return Foundation.tan(x)
        case .atan: return Foundation.atan(x)
        case .tanh: return Foundation.tanh(x)
        case .sigmoid: return 1 / (1 + Foundation.exp(-x))
        case .logSigmoid: return -Foundation.log1p(Foundation.exp(-x))
        case .softplus: return Foundation.log1p(Foundation.exp(x))
        case .relu: return Swift.max(x, 0)
        case .log1mexp: return Foundation.log(-Foundation.expm1(x))
        case .logGamma: return gsl_sf_lngamma(x)
        case .digamma: return gsl_sf_psi(x)
        case .trigamma: return gsl_sf_psi_1(x)
        case .erf: return Foundation.erf(x)
        case .erfc: return Foundation.erfc(x)
        case .erfinv: return Swift.abs(x) <= 1 ? gsl_cdf_ugaussian_Pinv((1 + x) / 2) / 2.0.squareRoot() : .nan
        case .finiteIndicator: return x.isFinite ? 1 : 0
        }
    }

    static func matches(_ value: Double, _ expected: Double, tolerance: Double) -> Bool {
        value.isNaN ? expected.isNaN : isClose(value, expected, tolerance: tolerance)
    }

    @Test(arguments: ElementwiseFunction.allCases)
    func functionInDouble(_ function: ElementwiseFunction) {
        let values = Double.apply(function, to: Tensor(Self.points)).scalars
        for (x, value) in zip(Self.points, values) {
            #expect(Self.matches(value, Self.reference(function, x), tolerance: 1e-12), "\(function)(\(x)) = \(value)")
        }
    }

    @Test(arguments: ElementwiseFunction.allCases)
    func functionInFloat(_ function: ElementwiseFunction) {
        let points = Self.points.map { Float($0) }
        let values = Float.apply(function, to: Tensor(points)).scalars
        for (x, value) in zip(points, values) {
            let expected = Self.reference(function, Double(x))
            #expect(Self.matches(Double(value), expected, tolerance: 1e-5), "\(function)(\(x)) = \(value)")
        }
    }

    @Test func finiteIndicatorAtTheSpecialValues() {
        let x = Tensor<Double>([.infinity, -.infinity, .nan, 0, -Double.greatestFiniteMagnitude])
        #expect(Double.apply(.finiteIndicator, to: x).scalars == [0, 0, 0, 1, 1])
    }

    /// The scalar operation each case names.
    static func reference(_ operation: ElementwiseOperation, _ a: Double, _ b: Double) -> Double {
        switch operation {
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        // RealModule's convention: NaN for a negative base, and for 0⁰.
        case .pow: return a >= 0 && !(a == 0 && b == 0) ? Foundation.pow(a, b) : .nan
        case .minimum: return a.isNaN || b.isNaN ? .nan : Swift.min(a, b)
        case .maximum: return a.isNaN || b.isNaN ? .nan : Swift.max(a, b)
        case .isLess: return a < b ? 1 : 0
        case .isGreater: return a > b ? 1 : 0
        case .isEqual: return a == b ? 1 : 0
        }
    }

    @Test(arguments: ElementwiseOperation.allCases)
    func operationBroadcastsAColumnAgainstARow(_ operation: ElementwiseOperation) throws {
        let column: [Double] = [0.5, 2, 3], row: [Double] = [0.25, 2, -1.5, .nan]
        let a = try Tensor(shape: [3, 1], scalars: column), b = try Tensor(shape: [1, 4], scalars: row)
        let forward = Double.combine(a, operation, b, shape: [3, 4])
        let backward = Double.combine(b, operation, a, shape: [3, 4])
        #expect(forward.shape == [3, 4] && backward.shape == [3, 4])
        for i in 0..<3 {
            for j in 0..<4 {
                let (x, y) = (column[i], row[j])
                #expect(Self.matches(forward.scalars[i * 4 + j], Self.reference(operation, x, y), tolerance: 1e-15))
                #expect(Self.matches(backward.scalars[i * 4 + j], Self.reference(operation, y, x), tolerance: 1e-15))
            }
        }
    }

    @Test(arguments: ElementwiseOperation.allCases)
    func operationWithAScalarOnEitherSide(_ operation: ElementwiseOperation) {
        let values: [Float] = [0.5, 2, 3, .nan]
        let x = Tensor(values)
        let right = Float.combine(x, operation, 2).scalars, left = Float.combine(2, operation, x).scalars
        for (i, v) in values.enumerated() {
            let (v, two) = (Double(v), 2.0)
            #expect(Self.matches(Double(right[i]), Self.reference(operation, v, two), tolerance: 1e-6))
            #expect(Self.matches(Double(left[i]), Self.reference(operation, two, v), tolerance: 1e-6))
        }
    }

    /// x[i, j, k] = sin(i + 2j + 3k) on a 2×3×4 grid.
    static let cube: Tensor<Double> = {
        let scalars = (0..<24).map { (n: Int) -> Double in
            let (i, j, k) = (Double(n / 12), Double(n / 4 % 3), Double(n % 4))
            return Foundation.sin(i + 2 * j + 3 * k)
        }
        return try! Tensor(shape: [2, 3, 4], scalars: scalars)
    }()

    @Test(arguments: [Reduction.sum, .maximum, .logSumExp], [[2, 1, 4], [1, 3, 1], [2, 3, 1], [1, 1, 1], [3, 1], []])
    func reductionAgainstAPlainLoop(_ reduction: Reduction, _ shape: [Int]) {
        let result = Double.reduce(Self.cube, by: reduction, toShape: shape)
        #expect(result.shape == shape)
        let padded = [Int](repeating: 1, count: 3 - shape.count) + shape
        var groups = [[Double]](repeating: [], count: padded.reduce(1, *))
        for n in 0..<24 {
            let index = [n / 12, n / 4 % 3, n % 4]
            let kept = zip(index, padded).map { i, size in size == 1 ? 0 : i }
            groups[(kept[0] * padded[1] + kept[1]) * padded[2] + kept[2]].append(Self.cube.scalars[n])
        }
        for (group, value) in zip(groups, result.scalars) {
            let expected = switch reduction {
            case .sum: group.reduce(0, +)
            case .maximum: group.max()!
            case .logSumExp: Foundation.log(group.map { Foundation.exp($0) }.reduce(0, +))
            }
            #expect(isClose(value, expected, tolerance: 1e-14), "\(reduction) to \(shape)")
        }
    }

    @Test func broadcastClampAndChoose() throws {
        let column = try Tensor<Double>(shape: [3, 1], scalars: [-2, 0.5, 7])
        #expect(Double.broadcast(column, to: [2, 3, 2]).scalars == [-2, -2, 0.5, 0.5, 7, 7, -2, -2, 0.5, 0.5, 7, 7])
        #expect(Double.clamp(Tensor([-2, 0.5, 7]), to: 0, 1).scalars == [0, 0.5, 1])
        let chosen = Float.choose(where: Tensor([1, 0, 1]), Tensor([1, 2, 3]), Tensor([-1, -2, .nan]))
        #expect(chosen.scalars == [1, -2, 3])
    }
}
