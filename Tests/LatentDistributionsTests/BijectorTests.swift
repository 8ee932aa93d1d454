import LatentCore
import LatentDistributions
import LatentTestSupport
import Testing

/// One bijector on one event: the unconstrained input's shape, and which
/// input and output coordinates are free (a stick-breaking output has one
/// more entry than its input; a Cholesky factor's upper triangle is not).
struct BijectorCase: Sendable, CustomTestStringConvertible {
    let name: String
    let make: @Sendable () throws -> any Bijector<Double>
    let eventShape: [Int]
    let freeInputs: [Int]
    let freeOutputs: [Int]
    var testDescription: String { name }

    init(_ name: String, _ eventShape: [Int], free: [Int]? = nil, freeOutputs: [Int]? = nil,
         _ make: @escaping @Sendable () throws -> any Bijector<Double>) {
        self.name = name
        self.make = make
        self.eventShape = eventShape
        let all = Array(0..<eventShape.reduce(1, *))
        self.freeInputs = free ?? all
        self.freeOutputs = freeOutputs ?? free ?? all
    }
}

private let lowerTriangle3 = [0, 3, 4, 6, 7, 8]

let bijectorCases: [BijectorCase] = [
    BijectorCase("identity", [3]) { IdentityBijector() },
    BijectorCase("exp", [3]) { ExpBijector() },
    BijectorCase("softplus", [3]) { SoftplusBijector() },
    BijectorCase("sigmoid", [3]) { SigmoidBijector() },
    BijectorCase("affine", [3]) { try AffineBijector(loc: Tensor([1.0, -2.0, 0.5]), scale: Tensor([2.0, -0.5, 3.0])) },
    BijectorCase("interval(-1, 4)", [3]) { try IntervalBijector(lower: Tensor(-1.0), upper: Tensor(4.0)) },
    BijectorCase("lower bound 2", [3]) { LowerBoundBijector(lower: Tensor(2.0)) },
    BijectorCase("stick-breaking 4 → 5", [4], freeOutputs: [0, 1, 2, 3]) { StickBreakingBijector() },
    BijectorCase("ordered", [4]) { OrderedBijector() },
    BijectorCase("positive ordered", [4]) { PositiveOrderedBijector() },
    BijectorCase("lower Cholesky 3×3", [3, 3], free: lowerTriangle3) { LowerCholeskyBijector() },
    BijectorCase("correlation Cholesky 6 → 4×4", [6], freeOutputs: [4, 8, 9, 12, 13, 14]) { CorrelationCholeskyBijector() },
    BijectorCase("positive definite 4×4 (registry)", [4, 4], free: [0, 4, 5, 8, 9, 10, 12, 13, 14, 15]) {
        try bijector(toConstraint: Constraint<Double>.positiveDefinite)
    },
    BijectorCase("composed exp then affine", [3]) {
        ComposedBijector([ExpBijector(), try AffineBijector(loc: Tensor(1.0), scale: Tensor(3.0))])
    },
]

/// log |det A| by Gaussian elimination with partial pivoting.
func logAbsDeterminant(_ matrix: [[Double]]) -> Double {
    var a = matrix
    let n = a.count
    var total = 0.0
    for column in 0..<n {
        let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) }!
        a.swapAt(column, pivot)
        let p = a[column][column]
        if p == 0 { return -.infinity }
        total += Double.log(abs(p))
        for row in (column + 1)..<n {
            let factor = a[row][column] / p
            for k in column..<n { a[row][k] -= factor * a[column][k] }
        }
    }
    return total
}

@Suite("Bijectors")
struct BijectorTests {
    @Test(arguments: bijectorCases)
    func forwardLandsInTheCodomainAndInverts(_ testCase: BijectorCase) throws {
        let bijector = try testCase.make()
        let x = try InputDomain.real.draw([5] + testCase.eventShape, seed: 17)
        let y = try bijector.forward(x)
        #expect(try bijector.codomain.contains(y), "\(testCase.name): forward left the codomain")
        let back = try bijector.inverse(y)
        let xs = x.scalars, bs = back.scalars
        for index in xs.indices where testCase.freeInputs.contains(index % max(testCase.eventShape.reduce(1, *), 1)) {
            #expect(isClose(bs[index], xs[index], tolerance: 1e-9), "\(testCase.name): inverse(forward(x)) = \(bs[index]), x = \(xs[index])")
        }
        #expect(try bijector.logAbsDetJacobian(x, y).shape == Array(x.shape.dropLast(bijector.eventRank)))
    }

    /// log |det J| against the Jacobian on the free coordinates, built row
    /// by row with reverse mode (1e-9).
    @Test(arguments: bijectorCases)
    func logDeterminantMatchesTheJacobian(_ testCase: BijectorCase) throws {
        let bijector = try testCase.make()
        let x = try InputDomain.real.draw(testCase.eventShape, seed: 23)
        var jacobian: [[Double]] = []
        for output in testCase.freeOutputs {
            let row = try gradient(at: x) { x in
                let y = try bijector.forward(x).flattened()
                return try y.sliced(alongAxis: 0, output..<(output + 1)).sum()
            }.scalars
            jacobian.append(testCase.freeInputs.map { row[$0] })
        }
        let reference = logAbsDeterminant(jacobian)
        let ours = try bijector.logAbsDetJacobian(x, bijector.forward(x)).sum().scalarValue
        #expect(isClose(ours, reference, tolerance: 1e-9), "\(testCase.name): log|J| = \(ours), Jacobian gives \(reference)")
    }

    @Test func theRegistryReachesEachConstraint() throws {
        let constraints: [Constraint<Double>] = [
            .real, .positive, .nonNegative, .unitInterval, .interval(lower: Tensor(-2), upper: Tensor(3)),
            .greaterThan(Tensor(1.5)), .simplex, .ordered, .positiveOrdered, .lowerCholesky, .correlationCholesky, .positiveDefinite,
        ]
        for constraint in constraints {
            let bijector = try bijector(toConstraint: constraint)
            let shape = bijector.eventRank == 2 ? [4, 4] : [6]
            let y = try bijector.forward(InputDomain.real.draw(shape, seed: 3))
            #expect(try constraint.contains(y), "\(constraint.requirement)")
        }
        #expect(throws: DistributionError.self) { try bijector(toConstraint: Constraint<Double>.nonNegativeInteger) }
    }

    @Test func stickBreakingMapsZeroToTheUniformVector() throws {
        let y = try StickBreakingBijector<Double>().forward(Tensor.zeros([4]))
        #expect(y.scalars.allSatisfy { isClose($0, 0.2, tolerance: 1e-15) })
    }
}
