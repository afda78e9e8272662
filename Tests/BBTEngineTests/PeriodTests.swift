import BBTEngine
import Foundation
import Testing

@Suite struct PeriodTests {
    @Test(arguments: ["2023", "2023-H1", "2023-H2", "2023-Q1", "2023-Q4", "2023-01", "2023-12"])
    func periodsPrintAsTheyAreWritten(_ text: String) {
        #expect(Period(text)?.description == text)
    }

    @Test(arguments: ["", "23", "2023-", "2023-13", "2023-00", "2023-6", "2023-Q5", "2023-Q0", "2023-H3",
                      "2023-q1", "2023/06", "2023-06-01", "２０２３", "../2023", "2023-1a"])
    func malformedPeriodsAreRejected(_ text: String) {
        #expect(Period(text) == nil)
    }

    @Test func arithmetic() throws {
        let june = try #require(Period("2023-06"))
        #expect(june.containing(.quarter).description == "2023-Q2")
        #expect(june.containing(.half).description == "2023-H1")
        #expect(june.containing(.year).description == "2023")
        #expect(Period("2023-Q1")!.previous.description == "2022-Q4")
        #expect(Period("2023-12")!.next.description == "2024-01")
        #expect(Period("2023-H1")!.next.description == "2023-H2")
        #expect(Period("2023-H2")!.previousYear.description == "2022-H2")
        #expect(Period("2023-Q3")!.parts(.month).map(\.description) == ["2023-07", "2023-08", "2023-09"])
        #expect(Period("2023")!.parts(.quarter).map(\.description) == ["2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4"])
        #expect(Period("2023-H2")!.lastMonth.description == "2023-12")
    }
}

@Suite struct DecimalTextTests {
    @Test(arguments: ["0", "1", "-1", "12.5", "-0.25", "1234567890123456", "0.000001", "100", "99999999999999.99", "-100.1"])
    func plainTextRoundTrips(_ text: String) throws {
        let d = try #require(Decimal(plain: text))
        #expect(d.plainText == text)
        #expect(d == Decimal(string: text)!)
    }

    @Test func plainTextAgreesWithDescriptionOnComputedValues() {
        let values: [Decimal] = [Decimal(10) / 3, Decimal(2) / 3 * 100, Decimal(string: "12.50")!, Decimal(1) / 7, -Decimal(5) / 4,
                                 Decimal(string: "1e20")!, Decimal(string: "123456789012345678901234")!]
        for v in values { #expect(v.plainText == v.description, "\(v)") }
    }

    @Test(arguments: ["", "-", ".", "1.", ".5", "1e3", "1.2.3", "--1", "+1", "1234567890123456789"])
    func somethingElseIsNotPlain(_ text: String) {
        #expect(Decimal(plain: text) == nil)
    }

    @Test func placesCountsTheNeededDecimals() {
        #expect(Decimal(plain: "12.50")!.places == 1)
        #expect(Decimal(plain: "3")!.places == 0)
        #expect(Decimal(plain: "0.000")!.places == 0)
        #expect((Decimal(1) / 8).places == 3)
    }
}
