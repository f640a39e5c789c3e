import Testing
@testable import StapleReport

@Suite struct FixedPointTests {
    @Test(arguments: [
        (12.345, "12.345"), (0, "0.000"), (-0.0001, "0.000"), (-0.0, "0.000"), (1e-9, "0.000"),
        (0.0005, "0.001"), (-1.5, "-1.500"), (1234567.891, "1234567.891"), (99.9999, "100.000"),
        (1e15, "1000000000000000.000"), (0.1 + 0.2, "0.300"), (-12.3456, "-12.346"),
    ])
    func threeDecimals(value: Double, text: String) {
        #expect(FixedPoint.string(value, decimals: 3) == text)
    }

    @Test func otherPrecisionsAndHugeValuesStayOutOfScientificNotation() throws {
        #expect(FixedPoint.string(82.06, decimals: 1) == "82.1")
        #expect(FixedPoint.string(-60.6, decimals: 0) == "-61")
        #expect(FixedPoint.string(0.04, decimals: 1) == "0.0")
        let huge = try #require(FixedPoint.string(1e20, decimals: 3))
        #expect(huge == "100000000000000000000.000")
        #expect(!huge.contains("e"))
    }

    @Test func nonFiniteValuesHaveNoText() {
        #expect(FixedPoint.string(.nan) == nil)
        #expect(FixedPoint.string(.infinity) == nil)
        #expect(CSVWriter.milliseconds(-.infinity) == nil)
    }
}
