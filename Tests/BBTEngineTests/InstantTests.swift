import BBTEngine
import BBTTemplates
import Foundation
import Testing

@Suite struct InstantTests {
    @Test func instantsReadWriteAndCompareAsMoments() {
        let rows: [(text: String, stored: String?)] = [
            ("2023-07-03T01:30:00Z", "2023-07-03T01:30:00Z"),
            ("2023-07-03T09:30:00+08:00", "2023-07-03T01:30:00Z"),
            ("2023-07-03T09:30:00.750+0800", "2023-07-03T01:30:00Z"),
            ("2023-07-03", nil),
            ("2023-02-30T00:00:00Z", nil),
            ("", nil),
        ]
        for row in rows { #expect(Instant(row.text)?.description == row.stored, "\(row.text)") }
        let a: Instant = "2023-07-03T01:30:00Z"
        #expect(a.adding(seconds: 60) > a && a.adding(seconds: 60).description == "2023-07-03T01:31:00Z")
        #expect(Instant(a.date) == a && a.chinaDay.description == "2023-07-03" && a.chinaMinute == "2023-07-03 09:30")
        // Text order is moment order for what the stores write, which their comparisons rely on.
        let moments = (0..<50).map { Instant(seconds: 1_600_000_000 + $0 * 7_919) }
        #expect(moments.map(\.description).sorted() == moments.sorted().map(\.description))
    }

    @Test func monthsReadOnlyYYYYMM() {
        let rows: [(String, String?)] = [("2024-12", "2024-12"), ("2024-01", "2024-01"), ("2024-13", nil), ("2024-1", nil), ("2024Q1", nil),
                                         ("", nil)]
        for (text, month) in rows { #expect(Month(text)?.description == month, "\(text)") }
        let m = Month(year: 2024, month: 1)
        #expect(m.previous.description == "2023-12" && m.year == 2024 && m.month == 1 && m.previous < m)
    }
}
