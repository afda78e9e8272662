import BBTEngine
import Foundation
import Testing

/// Instants as the store and the reports write them, checked against Foundation's own formatter.
@Suite struct TimestampTests {
    let foundation: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f
    }()

    @Test func writesWhatFoundationWritesAcrossFourHundredYears() {
        // Every 37 hours and 13 seconds from 1900 to 2300: leap days, centuries, year ends.
        var t = -2_208_988_800.0
        while t < 10_413_792_000 {
            let date = Date(timeIntervalSince1970: t)
            #expect(Timestamp.iso(date) == foundation.string(from: date))
            #expect(Timestamp.date(Timestamp.iso(date)) == date)
            t += 133_213
        }
    }

    @Test func writesAnOffsetAndDropsFractions() {
        let date = Date(timeIntervalSince1970: 1_688_347_800.75)  // 2023-07-03T01:30:00.75Z
        #expect(Timestamp.iso(date) == "2023-07-03T01:30:00Z")
        #expect(Timestamp.iso(date, offsetSeconds: 8 * 3600) == "2023-07-03T09:30:00+08:00")
        #expect(Timestamp.iso(Date(timeIntervalSince1970: 1_688_342_400), offsetSeconds: -5 * 3600 - 1800) == "2023-07-02T18:30:00-05:30")
        #expect(Timestamp.day(Date(timeIntervalSince1970: 1_688_342_399), offsetSeconds: 8 * 3600).description == "2023-07-03",
                "23:59:59 UTC on the 2nd is the 3rd in China")
    }

    @Test func readsOffsetsAndFractions() {
        let utc = Timestamp.date("2023-07-03T01:30:00Z")
        #expect(utc == Date(timeIntervalSince1970: 1_688_347_800))
        #expect(Timestamp.date("2023-07-03T09:30:00+08:00") == utc)
        #expect(Timestamp.date("2023-07-03T09:30:00+0800") == utc)
        #expect(Timestamp.date("2023-07-02T20:30:00-05:00") == utc)
        #expect(Timestamp.date("2023-07-03T01:30:00.250Z") == utc, "a fraction is dropped")
        #expect(Timestamp.date("2024-02-29T00:00:00Z") == Date(timeIntervalSince1970: 1_709_164_800))
    }

    @Test(arguments: ["", "2023-07-03", "2023-07-03T01:30:00", "2023-07-03 01:30:00Z", "2023-02-29T00:00:00Z",
                      "2023-07-03T24:00:00Z", "2023-07-03T01:60:00Z", "2023-07-03T01:30:00+8", "2023-07-03T01:30:00Zjunk",
                      "2023-07-03T01:30:00.Z", "2023-13-01T00:00:00Z", "２０２３-07-03T01:30:00Z", "2023-07-03T01:30:00+08:0x"])
    func refusesWhatIsNotAnInstant(_ text: String) {
        #expect(Timestamp.date(text) == nil)
    }
}
