import Foundation

/// One value of a field or a column. Emptiness is `nil` in a `Value?`, never zero.
public enum Value: Sendable, Hashable {
    case number(Decimal)
    case text(String)
    case bool(Bool)
    case date(LocalDate)

    public var number: Decimal? {
        if case .number(let d) = self { return d }
        return nil
    }
}

/// A calendar date without time or zone, as forms hold them (`YYYY-MM-DD`).
public struct LocalDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= LocalDate.days(inMonth: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Exactly `YYYY-MM-DD`, a real date.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r {
                guard b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") else { return nil }
                n = n * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return n
        }
        guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func days(inMonth month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public var description: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Days since 1899-12-30: how spreadsheets store dates.
    public var serial: Int {
        // Days from civil (Howard Hinnant's algorithm), shifted to the spreadsheet epoch.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let daysSince1970 = era * 146_097 + doe - 719_468
        return daysSince1970 + 25_569
    }

    public static func < (a: LocalDate, b: LocalDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}

extension Decimal {
    /// Rounded half away from zero (四舍五入) to `places` decimal places.
    public func rounded(places: Int) -> Decimal {
        var value = self
        var result = Decimal()
        NSDecimalRound(&result, &value, places, .plain)
        return result
    }

    /// Plain decimal text, as the report files write numbers: `1234`, `12.5`, `-0.25`.
    /// Built from the significand and exponent: three times faster than `description`, which
    /// matters when a report writes hundreds of thousands of cells.
    public var plainText: String {
        let e = exponent
        let magnitude = significand
        guard !isNaN, (-30...30).contains(e), magnitude < Decimal.fastLimit else { return slowPlainText }
        var digits = NSDecimalNumber(decimal: magnitude).uint64Value
        if digits == 0 { return "0" }
        var scale = -e
        while scale > 0 && digits % 10 == 0 {
            digits /= 10
            scale -= 1
        }
        var text = String(digits)
        if scale < 0 {
            text += String(repeating: "0", count: -scale)
        } else if scale > 0 {
            if text.count <= scale { text = String(repeating: "0", count: scale - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -scale))
        }
        return sign == .minus ? "-" + text : text
    }

    static let fastLimit = Decimal(UInt64(1_000_000_000_000_000_000))

    /// Rounded to `places` (half away from zero), as plain text; rounds only when needed.
    public func plainText(places: Int) -> String {
        exponent >= -places ? plainText : rounded(places: places).plainText
    }

    private var slowPlainText: String {
        let s = description
        guard s.contains("E") || s.contains("e") else { return s }
        return NSDecimalNumber(decimal: self).stringValue
    }

    /// A decimal from plain text (`-12.50`, `3`): digits, an optional sign and point, no exponent.
    /// `nil` for anything else, including more than 18 digits (callers fall back to the full parser).
    public init?(plain text: String) {
        var negative = false
        var digits: UInt64 = 0
        var count = 0
        var scale = 0
        var seenPoint = false
        var first = true
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "-") where first: negative = true
            case UInt8(ascii: "."):
                guard !seenPoint, count > 0 else { return nil }
                seenPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                count += 1
                guard count <= 18 else { return nil }
                digits = digits * 10 + UInt64(b - UInt8(ascii: "0"))
                if seenPoint { scale += 1 }
            default:
                return nil
            }
            first = false
        }
        guard count > 0, !(seenPoint && text.utf8.last == UInt8(ascii: ".")) else { return nil }
        self.init(sign: negative && digits != 0 ? .minus : .plus, exponent: -scale, significand: Decimal(digits))
    }

    /// Decimal places the value needs (`12.50` → 1, `3` → 0).
    public var places: Int {
        let e = exponent
        guard e < 0 else { return 0 }
        var digits = NSDecimalNumber(decimal: significand).uint64Value
        var places = -e
        while places > 0 && digits % 10 == 0 && digits != 0 {
            digits /= 10
            places -= 1
        }
        return digits == 0 ? 0 : places
    }
}
