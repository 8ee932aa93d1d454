import LatentCore
import LatentTestSupport
import Testing

/// What differentiation promises beyond single rules: accumulation, stopping,
/// scoping and nesting.
@Suite("Differentiation semantics")
struct AutodiffBehaviourTests {
    @Test func gradientsAccumulateWhenATensorIsUsedTwice() throws {
        // f(x) = Σ x·x + 3x  ⇒  ∇f = 2x + 3.
        let x = try Tensor<Double>(shape: [3], scalars: [1, -2, 0.5])
        let (value, gradient) = try valueWithGradient(at: x) { x in try (x * x + x * 3).sum() }
        let expected: Double = 5.25 + 3 * -0.5
        #expect(try value.scalarValue == expected)
        #expect(gradient.scalars == [5, -1, 4])
    }

    @Test func detachedAndWithoutGradientsStopTheFlow() throws {
        let x = try Tensor<Double>(shape: [2], scalars: [1, 2])
        let viaDetached = try gradient(at: x) { x in try (x * x.detached).sum() }
        #expect(viaDetached.scalars == [1, 2])
        let viaScope = try gradient(at: x) { x in
            let constant = withoutGradients { x * 5 }
            #expect(!constant.isTracked)
            return try (x * constant).sum()
        }
        #expect(viaScope.scalars == [5, 10])
    }

    @Test func anUnusedArgumentHasZeroGradient() throws {
        let x = try Tensor<Double>.ones([2])
        let y = try Tensor<Double>.ones([3])
        let (_, gradients) = try valueWithGradient(at: x, y) { x, _ in x.sum() }
        #expect(gradients.1.scalars == [0, 0, 0])
        #expect(gradients.0.scalars == [1, 1])
    }

    @Test func outerTensorsAreConstantsInsideANestedDifferentiation() throws {
        let x = try Tensor<Double>([3])
        let outer = try gradient(at: x) { x in
            let inner = try gradient(at: Tensor<Double>([2])) { y in try (y * y * x).sum() }
            // d/dy (y²·x) = 2y·x = 12 at y = 2, x = 3.
            #expect(inner.scalars == [12])
            return try (x * x).sum()
        }
        #expect(outer.scalars == [6])
    }

    @Test func longTapesGrowAndStayExact() throws {
        // 3,000 recorded operations (past the tape's initial room for 256):
        // d/dx (x·1.001^3000) = 1.001^3000.
        let x = Tensor<Double>([2])
        let g = try gradient(at: x) { x in
            var y = x
            for _ in 0..<3_000 { y = y * 1.001 }
            return y.sum()
        }
        #expect(isClose(g.scalars[0], Double.pow(1.001, 3_000), tolerance: 1e-12))
    }

    @Test func operationsAfterTheOutputDoNotDisturbIt() throws {
        let x = Tensor<Double>([1, 2])
        var unused: [Tensor<Double>] = []
        let g = try gradient(at: x) { x in
            let loss = try (x * x).sum()
            unused.append(exp(x) * 3)  // recorded after the loss, never differentiated
            return loss
        }
        #expect(g.scalars == [2, 4])
        #expect(unused.count == 1)
    }

    @Test func aTensorThatEscapedAFinishedDifferentiationIsAConstant() throws {
        var escaped: Tensor<Double>?
        _ = try gradient(at: Tensor<Double>([3])) { x in
            escaped = x * 2
            return x.sum()
        }
        let stale = try #require(escaped)
        #expect(!stale.isTracked)
        // The stale tensor comes first, so its (finished) tape is seen first.
        let g = try gradient(at: Tensor<Double>([5])) { y in try (stale * y).sum() }
        #expect(g.scalars == [6])
    }

    @Test func nothingIsRecordedOutsideDifferentiation() throws {
        let x = try Tensor<Double>.ones([4])
        #expect(!exp(x).isTracked)
    }
}

@Suite("Variables declared during differentiation")
struct DifferentiationScopeTests {
    @Test func variablesDeclaredMidwayGetTheirGradients() throws {
        let (value, gradients) = try valueWithGradients { (scope: DifferentiationScope<Double>) in
            let a = scope.variable(Tensor([2.0]))
            let partial = try (a * a).sum()
            // A variable declared after some work, and one never used.
            let b = scope.variable(Tensor([3.0, 4.0]))
            _ = scope.variable(Tensor([5.0]))
            return try partial + (b * a).sum()
        }
        #expect(try value.scalarValue == 4 + 14)
        #expect(gradients.map(\.scalars) == [[4 + 7], [2, 2], [0]])
    }
}
