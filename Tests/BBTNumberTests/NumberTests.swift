import BBTNumber
import Foundation
import Testing

/// `Number` must give exactly what Foundation's `Decimal` gives, only faster: every test compares
/// the two on the same inputs, including the edges where the `Int64` path gives way.
struct NumberTests {
    static func decimal(_ s: String) -> Decimal { Decimal(string: s, locale: Locale(identifier: "en_US_POSIX"))! }

    /// Values around the edges: zero, signs, many places, 18 and 19 digits, near Int64's limits.
    static let samples: [String] = [
        "0", "-0", "1", "-1", "0.5", "-0.5", "12.50", "0.005", "-0.015", "2.675", "99999.99",
        "123456789012345678", "-123456789012345678", "999999999999999999", "0.000000000000000001",
        "9223372036854775807", "-9223372036854775808", "12345678901234567890123", "0.1234567890123456789",
        "1000000000000000", "-999999999999999.99", "3", "7", "0.3333", "100",
    ]

    @Test func arithmeticEqualsDecimal() {
        for a in Self.samples {
            for b in Self.samples {
                let (x, y) = (Number(a)!, Number(b)!)
                let (p, q) = (Self.decimal(a), Self.decimal(b))
                #expect((x + y).decimal == p + q, "\(a) + \(b)")
                #expect((x - y).decimal == p - q, "\(a) - \(b)")
                #expect((x * y).decimal == p * q, "\(a) * \(b)")
                if !y.isZero { #expect((x / y).decimal == p / q, "\(a) / \(b)") }
                #expect((x < y) == (p < q), "\(a) < \(b)")
                #expect((x == y) == (p == q), "\(a) == \(b)")
                if x == y { #expect(x.hashValue == y.hashValue, "\(a) and \(b) hash alike") }
            }
        }
    }

    @Test func textEqualsDecimalsPlainText() {
        for a in Self.samples {
            let n = Number(a)!
            #expect(Number(n.plainText)! == n, "\(a) round-trips through its text")
            #expect(!n.plainText.contains("e") && !n.plainText.contains("E"))
            #expect(n.plainText == "\(NSDecimalNumber(decimal: Self.decimal(a)).stringValue)" || n.isZero, "\(a)")
        }
        #expect(Number("12.50")!.plainText == "12.5")
        #expect(Number("-0.05")!.plainText == "-0.05")
        #expect(Number("1200")!.plainText == "1200")
        #expect(Number("-0")!.plainText == "0")
        #expect(Number("0.000")!.plainText == "0")
        #expect(Number("1.5e3")!.plainText == "1500")
        #expect(Number("-9223372036854775808")!.plainText == "-9223372036854775808")
    }

    @Test func computedValuesWriteAsDecimalDescribesThem() {
        let values: [Number] = [Number(10) / 3, Number(2) / 3 * 100, Number("12.50")!, Number(1) / 7, -Number(5) / 4,
                                Number("1e20")!, Number("123456789012345678901234")!, Number(1) / 8]
        for v in values { #expect(v.plainText == v.decimal.description, "\(v)") }
    }

    /// Random operands of every scale, against `Decimal`: division is where the integer path
    /// (exact quotients) and the `Decimal` path (the rest) meet.
    @Test func randomArithmeticEqualsDecimal() {
        var seed: UInt64 = 7
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 11
        }
        for _ in 0..<3_000 {
            let digits = [1, 3, 9, 15, 18][Int(next() % 5)]
            let mantissa = Int64(next() % UInt64(pow(10.0, Double(digits)))) * (next() % 2 == 0 ? 1 : -1)
            let other = Int64(next() % 1_000_000) + 1
            let x = Number(mantissa: mantissa, scale: Int(next() % 19))
            let y = Number(mantissa: other * [1, 2, 4, 5, 8, 10, 25, 3, 7][Int(next() % 9)], scale: Int(next() % 19))
            #expect((x / y).decimal == x.decimal / y.decimal, "\(x) / \(y)")
            #expect((x + y).decimal == x.decimal + y.decimal, "\(x) + \(y)")
            #expect((x * y).decimal == x.decimal * y.decimal, "\(x) * \(y)")
            #expect(Number(x.decimal / y.decimal) == x / y)
        }
        #expect((Number(7) / Number(4)).plainText == "1.75")
        #expect((Number(1) / Number(3)).plainText(places: 4) == "0.3333")
    }

    @Test func appendedTextIsThePlainText() {
        for a in Self.samples + ["2.345", "-2.345", "0.125"] {
            let n = Number(a)!
            for places in [nil, 0, 1, 2, 5] as [Int?] {
                var bytes: [UInt8] = Array("x".utf8)
                n.appendPlainText(places: places, to: &bytes)
                let expected = "x" + (places.map { n.plainText(places: $0) } ?? n.plainText)
                #expect(String(decoding: bytes, as: UTF8.self) == expected, "\(a) at \(String(describing: places))")
            }
        }
    }

    @Test func roundingIsHalfAwayFromZeroLikeNSDecimalRound() {
        for a in Self.samples + ["2.345", "-2.345", "0.125", "-0.125", "1.005", "149.5", "-149.5"] {
            for places in [-2, -1, 0, 1, 2, 3, 20] {
                var value = Self.decimal(a)
                var expected = Decimal()
                NSDecimalRound(&expected, &value, places, .plain)
                #expect(Number(a)!.rounded(places: places).decimal == expected, "\(a) to \(places) places")
            }
        }
        #expect(Number("2.345")!.plainText(places: 2) == "2.35")
        #expect(Number("-2.345")!.plainText(places: 2) == "-2.35")
        #expect(Number("2.5")!.plainText(places: 0) == "3")
        #expect((Number(10) / Number(3)).plainText(places: 2) == "3.33")
    }

    @Test func placesCountsTheFractionWithoutTrailingZeros() {
        #expect(Number("12.50")!.places == 1)
        #expect(Number("3")!.places == 0)
        #expect(Number("3.000")!.places == 0)
        #expect(Number("0.1234567890123456789")!.places == 19)
        #expect(Number("12345678901234567890.5")!.places == 1)
    }

    @Test func plainReaderTakesOnlyPlainNumbers() {
        #expect(Number(plain: "-12.50") == Number(mantissa: -1250, scale: 2))
        for bad in ["", "-", ".5", "5.", "1.2.3", "1e5", "+1", "1-", " 1", "1234567890123456789"] {
            #expect(Number(plain: bad) == nil, "\(bad)")
        }
        for bad in ["", "abc", "1.", "01x", "1e", "NaN", "Infinity", "--1", "1 "] {
            #expect(Number(bad) == nil, "\(bad)")
        }
    }

    @Test func sumsPastEighteenDigitsStayExact() {
        var total = Number.zero
        var reference = Decimal.zero
        let big = Number("999999999999999.99")!
        for _ in 0..<100_000 {
            total += big
            reference += Self.decimal("999999999999999.99")
        }
        #expect(total.decimal == reference)
        #expect(total.plainText == "99999999999999999000")
        #expect(-total + total == Number.zero)
    }

    @Test func integerPartForFunctionArguments() {
        #expect(Number("2")!.integer == 2)
        #expect(Number("-2.7")!.integer == -2)
        #expect(Number("12345678901234567890123")!.integer == nil)
    }
}
