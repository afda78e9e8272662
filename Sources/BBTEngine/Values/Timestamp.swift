import Foundation

/// Instants as the service writes them: ISO 8601 to the second, in UTC (`2023-07-03T01:30:00Z`,
/// which sorts as text) or at an offset (`2023-07-03T09:30:00+08:00`). Written out by hand:
/// Foundation's `ISO8601DateFormatter` builds an ICU formatter for each instance, and making one per
/// timestamp was a fifth of a save's CPU (docs/performance.md).
public enum Timestamp {
    /// China's offset from UTC, where every office works (no daylight saving).
    public static let china = 8 * 3600

    /// `date` at `offsetSeconds` east of UTC, `Z` when there is none; fractions of a second dropped.
    public static func iso(_ date: Date, offsetSeconds: Int = 0) -> String {
        let (day, inDay) = split(date, offsetSeconds: offsetSeconds)
        let zone: String
        if offsetSeconds == 0 {
            zone = "Z"
        } else {
            let minutes = abs(offsetSeconds) / 60
            zone = (offsetSeconds < 0 ? "-" : "+") + pad(minutes / 60) + ":" + pad(minutes % 60)
        }
        return "\(day)T\(pad(inDay / 3600)):\(pad(inDay / 60 % 60)):\(pad(inDay % 60))\(zone)"
    }

    /// The calendar day of `date` at `offsetSeconds` east of UTC.
    public static func day(_ date: Date, offsetSeconds: Int = 0) -> LocalDate {
        split(date, offsetSeconds: offsetSeconds).day
    }

    private static func split(_ date: Date, offsetSeconds: Int) -> (day: LocalDate, second: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + offsetSeconds
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (LocalDate(daysSince1970: days), seconds - days * 86_400)
    }

    /// `YYYY-MM-DDTHH:MM:SS`, optionally a fraction, then `Z` or an offset (`+08:00`, `+0800`); `nil`
    /// for anything else, a day that does not exist included.
    public static func date(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 20, b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let day = LocalDate(String(decoding: b[0..<10], as: UTF8.self)),
              let h = number(b, 11..<13), let m = number(b, 14..<16), let s = number(b, 17..<19),
              h < 24, m < 60, s < 60 else { return nil }
        var i = 19
        if b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        let offset: Int
        if b[i] == UInt8(ascii: "Z") {
            guard i + 1 == b.count else { return nil }
            offset = 0
        } else {
            guard b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") else { return nil }
            let rest = Array(b[(i + 1)...])
            let hours: Int?, minutes: Int?
            switch rest.count {
            case 5 where rest[2] == UInt8(ascii: ":"): (hours, minutes) = (number(rest, 0..<2), number(rest, 3..<5))
            case 4: (hours, minutes) = (number(rest, 0..<2), number(rest, 2..<4))
            default: return nil
            }
            guard let hours, let minutes, hours < 24, minutes < 60 else { return nil }
            offset = (hours * 3600 + minutes * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
        }
        let local = day.daysSince1970 * 86_400 + h * 3600 + m * 60 + s
        return Date(timeIntervalSince1970: TimeInterval(local - offset))
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    private static func number(_ b: [UInt8], _ r: Range<Int>) -> Int? {
        var n = 0
        for i in r {
            guard isDigit(b[i]) else { return nil }
            n = n * 10 + Int(b[i] - UInt8(ascii: "0"))
        }
        return n
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}

extension LocalDate {
    /// The day `days` after 1970-01-01 (civil from days, Howard Hinnant's algorithm), within the
    /// years `LocalDate` holds.
    init(daysSince1970 days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self = LocalDate(year: min(max(y, 1), 9999), month: m, day: d) ?? LocalDate(year: 1970, month: 1, day: 1)!
    }
}
