import LatentCore
import LatentTestSupport
import Testing

/// Bad input is a typed error that names what was wrong, never a crash.
@Suite("Bad input gives typed errors")
struct ErrorTests {
    let a = try! Tensor<Double>.zeros([2, 3])
    let b = try! Tensor<Double>.zeros([4])

    @Test func shapeMismatchNamesBothShapes() {
        #expect(throws: TensorError.shapeMismatch(operation: "+", lhs: [2, 3], rhs: [4])) { try a + b }
        #expect(throws: TensorError.shapeMismatch(operation: "matmul", lhs: [2, 3], rhs: [4])) { try matmul(a, b) }
        let message = "\(TensorError.shapeMismatch(operation: "+", lhs: [2, 3], rhs: [4]))"
        #expect(message.contains("[2, 3]") && message.contains("[4]"))
    }

    @Test func badAxesAndShapes() {
        #expect(throws: TensorError.invalidAxis(operation: "sum(alongAxes:)", axis: 2, rank: 2)) {
            try a.sum(alongAxes: [2])
        }
        #expect(throws: TensorError.self) { try a.reshaped(to: [4, -1]) }
        #expect(throws: TensorError.self) { try a.reshaped(to: [-1, -1]) }
        #expect(throws: TensorError.scalarCountMismatch(shape: [2, 2], count: 3)) {
            try Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3])
        }
        #expect(throws: TensorError.self) { try Tensor<Double>(rows: [[1, 2], [3]]) }
        #expect(throws: TensorError.self) { try a.permuted([0, 0]) }
        #expect(throws: TensorError.self) { try a.expanded(to: [3, 3]) }
        #expect(throws: TensorError.self) { try Tensor<Double>.zeros([-1]) }
    }

    @Test func badIndices() {
        #expect(throws: TensorError.indexOutOfRange(operation: "slices(at:alongAxis:)", index: 2, bound: 2)) {
            try a.slices(at: [0, 2])
        }
        #expect(throws: TensorError.self) { try a.sliced(alongAxis: 1, 2..<4) }
        #expect(throws: TensorError.self) { try a.gathering([0, 5], alongAxis: 1) }
        #expect(throws: TensorError.self) { try a.scalar(at: [2, 0]) }
    }

    @Test func linearAlgebraFailuresAreNamed() throws {
        let indefinite = try Tensor<Double>(rows: [[1, 2], [2, 1]])
        #expect(throws: TensorError.notPositiveDefinite(operation: "cholesky()", minor: 2)) { try indefinite.cholesky() }
        let withNaN = try Tensor<Double>(rows: [[1, .nan], [.nan, 1]])
        #expect(throws: TensorError.self) { try withNaN.cholesky() }
        let singular = try Tensor<Double>(rows: [[1, 0], [1, 0]])
        #expect(throws: TensorError.singularMatrix(operation: "lowerTriangularSolve", row: 1)) {
            try lowerTriangularSolve(singular, Tensor<Double>([1, 1]))
        }
        #expect(throws: TensorError.self) { try a.cholesky() }
    }

    @Test func gradientOfANonScalarIsAnError() {
        #expect(throws: TensorError.nonScalarOutput(shape: [2, 3])) {
            try valueWithGradient(at: a) { $0 * 2 }
        }
    }

    @Test func badArgumentsToCreationAndClamp() {
        var generator = Xoshiro256PlusPlus(seed: 1)
        #expect(throws: TensorError.self) { try Tensor<Double>.randomNormal([2], standardDeviation: -1, using: &generator) }
        #expect(throws: TensorError.self) { try Tensor<Double>.randomUniform([2], lower: 1, upper: 1, using: &generator) }
        #expect(throws: TensorError.self) { try Tensor<Double>.arange(from: 0, to: 1, by: 0) }
        #expect(throws: TensorError.self) { try Tensor<Double>.randomGamma([2], concentration: 0, using: &generator) }
        #expect(throws: TensorError.self) { try Tensor<Double>.randomExponential([2], rate: .nan, using: &generator) }
        #expect(throws: TensorError.self) { try a.clamped(to: 1, 0) }
    }

    /// Sizes whose scalar count overflows an Int (or its bytes do) are
    /// refused with the shape named, where they used to trap.
    @Test func sizesBeyondTheAddressSpaceAreRefusedNotTrapped() throws {
        let tooMany = "holds more scalars than an address space can (at most \(Int.max / 8))"
        #expect(throws: TensorError.invalidShape(operation: "Tensor(shape:repeating:)", shape: [1 << 40, 1 << 40], reason: tooMany)) {
            try Tensor<Double>.zeros([1 << 40, 1 << 40])
        }
        #expect(throws: TensorError.invalidShape(operation: "Tensor(shape:scalars:)", shape: [1 << 62, 4], reason: tooMany)) {
            try Tensor<Double>(shape: [1 << 62, 4], scalars: [1, 2])
        }
        #expect(throws: TensorError.invalidShape(operation: "reshaped(to:)", shape: [Int.max, 2], reason: tooMany)) {
            try Tensor<Double>([1, 2]).reshaped(to: [Int.max, 2])
        }
        #expect(throws: TensorError.invalidShape(operation: "arange", shape: [], reason: tooMany)) {
            try Tensor<Double>.arange(from: 0, to: 1e30)
        }
        #expect(throws: TensorError.invalidShape(operation: "linspace", shape: [Int.max], reason: tooMany)) {
            try Tensor<Double>.linspace(from: 0, through: 1, count: Int.max)
        }
        #expect(try Tensor<Double>([1, 2, 3, 4]).reshaped(to: [2, -1]).shape == [2, 2])
        // Empty, yet its leading axes multiply past Int.max in strides and splits.
        #expect(throws: TensorError.self) { try Tensor<Double>.zeros([1 << 40, 1 << 40, 0]) }
        #expect(throws: TensorError.self) { try Tensor<Double>(shape: [1 << 40, 0, 1 << 40], scalars: []) }
        #expect(try Tensor<Double>.zeros([1 << 20, 0]).shape == [1 << 20, 0])
    }
}
