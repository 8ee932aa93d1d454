import LatentCore
import LatentTestSupport
import Testing

/// GSL-backed special functions against closed forms and identities that
/// are independent of GSL's own algorithms.
@Suite("Special functions equal closed forms")
struct SpecialFunctionTests {
    static let eulerGamma = 0.57721566490153286061
    static let apery = 1.2020569031595942854  // ζ(3)

    @Test func logGammaOfIntegersAndHalves() {
        var factorial = 1.0
        for n in 1...25 {
            #expect(isClose(SpecialFunctions.logGamma(Double(n)), Double.log(factorial), tolerance: 1e-14))
            factorial *= Double(n)
        }
        #expect(isClose(SpecialFunctions.logGamma(0.5), 0.5 * Double.log(.pi), tolerance: 1e-15))
        #expect(isClose(SpecialFunctions.logGamma(-0.5), Double.log(2 * Double.pi.squareRoot()), tolerance: 1e-14))
        #expect(SpecialFunctions.logGamma(0) == .infinity)
        #expect(SpecialFunctions.logGamma(-3) == .infinity)
        #expect(SpecialFunctions.logGamma(.infinity) == .infinity)
    }

    @Test func polygammaFamilyAtOneAndOneHalf() throws {
        #expect(isClose(SpecialFunctions.digamma(1), -Self.eulerGamma, tolerance: 1e-15))
        #expect(isClose(SpecialFunctions.digamma(0.5), -Self.eulerGamma - 2 * Double.log(2), tolerance: 1e-15))
        for n in 1...10 {
            let step = SpecialFunctions.digamma(Double(n) + 1) - SpecialFunctions.digamma(Double(n))
            #expect(isClose(step, 1 / Double(n), tolerance: 1e-14))
        }
        #expect(isClose(SpecialFunctions.trigamma(1), Double.pi * Double.pi / 6, tolerance: 1e-15))
        #expect(isClose(SpecialFunctions.trigamma(0.5), Double.pi * Double.pi / 2, tolerance: 1e-15))
        #expect(isClose(try SpecialFunctions.polygamma(2, 1), -2 * Self.apery, tolerance: 1e-14))
        #expect(isClose(try SpecialFunctions.polygamma(3, 1), Double.pow(.pi, 4) / 15, tolerance: 1e-14))
        #expect(SpecialFunctions.digamma(-2).isNaN)
        #expect(throws: SpecialFunctionError.domain(function: "polygamma", arguments: [-1, 1])) {
            try SpecialFunctions.polygamma(-1, 1)
        }
    }

    @Test func logBetaClosedForms() throws {
        #expect(isClose(try SpecialFunctions.logBeta(1, 1), 0, tolerance: 1e-15))
        #expect(isClose(try SpecialFunctions.logBeta(2, 3), Double.log(1.0 / 12), tolerance: 1e-14))
        #expect(isClose(try SpecialFunctions.logBeta(0.5, 0.5), Double.log(.pi), tolerance: 1e-14))
        #expect(throws: SpecialFunctionError.self) { try SpecialFunctions.logBeta(0, 1) }
    }

    @Test func incompleteGammaAndBetaClosedForms() throws {
        for x in [0.0, 0.1, 1, 5, 30] {
            #expect(isClose(try SpecialFunctions.regularizedGammaP(1, x), -Double.expMinusOne(-x), tolerance: 1e-14))
            #expect(isClose(try SpecialFunctions.regularizedGammaP(0.5, x), SpecialFunctions.erf(x.squareRoot()), tolerance: 1e-14))
        }
        // The upper tail keeps relative precision where 1 − P would be 0.
        #expect(isRelativelyClose(try SpecialFunctions.regularizedGammaQ(1, 50), Double.exp(-50), tolerance: 1e-12))
        for x in [0.0, 0.2, 0.5, 0.9, 1] {
            #expect(isClose(try SpecialFunctions.regularizedBeta(1, 1, x), x, tolerance: 1e-15))
            #expect(isClose(try SpecialFunctions.regularizedBeta(2.5, 1, x), Double.pow(x, 2.5), tolerance: 1e-14))
            #expect(isClose(try SpecialFunctions.regularizedBeta(1, 3, x), 1 - Double.pow(1 - x, 3), tolerance: 1e-14))
        }
        #expect(throws: SpecialFunctionError.self) { try SpecialFunctions.regularizedGammaP(-1, 1) }
        #expect(throws: SpecialFunctionError.self) { try SpecialFunctions.regularizedGammaQ(1, -1) }
        #expect(throws: SpecialFunctionError.self) { try SpecialFunctions.regularizedBeta(1, 1, 1.5) }
    }

    @Test func errorFunctionsAndTheirInverses() throws {
        // Reference values of erf and erfc (Abramowitz & Stegun table 7.1, extended).
        #expect(isClose(SpecialFunctions.erf(0.5), 0.5204998778130465, tolerance: 1e-15))
        #expect(isRelativelyClose(SpecialFunctions.erfc(5), 1.5374597944280349e-12, tolerance: 1e-13))
        for x in [-3.0, -1, -0.1, 0, 0.3, 1, 2.5] {
            #expect(isClose(SpecialFunctions.erf(x) + SpecialFunctions.erfc(x), 1, tolerance: 1e-15))
            #expect(isClose(try SpecialFunctions.erfinv(SpecialFunctions.erf(x)), x, tolerance: 1e-12))
            #expect(isClose(try SpecialFunctions.normalQuantile(SpecialFunctions.normalCDF(x)), x, tolerance: 1e-12))
        }
        // Near 1 the inverse is evaluated through 1 − y, which is exact there.
        #expect(isClose(try SpecialFunctions.erfinv(1 - SpecialFunctions.erfc(5)), 5, tolerance: 1e-4))
        #expect(isClose(try SpecialFunctions.normalQuantile(0.975), 1.959963984540054, tolerance: 1e-14))
        #expect(try SpecialFunctions.erfinv(1) == .infinity)
        #expect(try SpecialFunctions.normalQuantile(0) == -.infinity)
        #expect(throws: SpecialFunctionError.domain(function: "erfinv", arguments: [1.5])) { try SpecialFunctions.erfinv(1.5) }
        #expect(throws: SpecialFunctionError.self) { try SpecialFunctions.normalQuantile(-0.1) }
    }

    @Test func tensorSpecialFunctionsInFloatFollowDouble() {
        let x = Tensor<Float>([0.3, 1, 4.5, 20])
        let reference = x.scalars.map { SpecialFunctions.logGamma(Double($0)) }
        // Float rounding of the result: a few ulps of 2⁻²⁴ relative.
        #expect(zip(logGamma(x).scalars, reference).allSatisfy { isClose(Double($0), $1, tolerance: 1e-6) })
        let psi = x.scalars.map { SpecialFunctions.digamma(Double($0)) }
        #expect(zip(digamma(x).scalars, psi).allSatisfy { isClose(Double($0), $1, tolerance: 1e-6) })
    }
}
