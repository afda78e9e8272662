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
