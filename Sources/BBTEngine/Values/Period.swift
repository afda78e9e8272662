import BBTTemplates

/// A reporting period: `2023` (year), `2023-H1` (half), `2023-Q2` (quarter), `2023-06` (month).
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let frequency: Frequency
    /// From 1 within the year: the month, quarter or half; always 1 for a year.
    public let index: Int

    public init(year: Int, frequency: Frequency, index: Int) {
        precondition((1...frequency.periodsPerYear).contains(index), "period index out of range")
        self.year = year
        self.frequency = frequency
        self.index = index
    }

    public static func month(_ year: Int, _ month: Int) -> Period { Period(year: year, frequency: .month, index: month) }

    /// Parses the four spellings; `nil` for anything else (including months like `2023-6` or `2023-13`).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 4, bytes[0..<4].allSatisfy(Period.isDigit),
              let year = Int(String(decoding: bytes[0..<4], as: UTF8.self)), year >= 1 else { return nil }
        if bytes.count == 4 {
            self.init(year: year, frequency: .year, index: 1)
            return
        }
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return nil }
        let tail = bytes[5...]
        let frequency: Frequency
        let digits: ArraySlice<UInt8>
        switch tail.first {
        case UInt8(ascii: "Q"): frequency = .quarter; digits = tail.dropFirst()
        case UInt8(ascii: "H"): frequency = .half; digits = tail.dropFirst()
        default: frequency = .month; digits = tail
        }
        guard frequency == .month ? digits.count == 2 : digits.count == 1,
              digits.allSatisfy(Period.isDigit),
              let index = Int(String(decoding: digits, as: UTF8.self)),
              (1...frequency.periodsPerYear).contains(index) else { return nil }
        self.init(year: year, frequency: frequency, index: index)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    public var description: String {
        let y = String(year).count < 4 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        switch frequency {
        case .year: return y
        case .half: return "\(y)-H\(index)"
        case .quarter: return "\(y)-Q\(index)"
        case .month: return index < 10 ? "\(y)-0\(index)" : "\(y)-\(index)"
        }
    }

    /// The first and last month (1…12) this period covers.
    public var months: ClosedRange<Int> {
        let n = frequency.monthsPerPeriod
        return ((index - 1) * n + 1)...(index * n)
    }

    public var lastMonth: Period { .month(year, months.upperBound) }

    /// The period of `frequency` that contains this one (which must be as fine or finer).
    public func containing(_ frequency: Frequency) -> Period {
        Period(year: year, frequency: frequency, index: (months.lowerBound - 1) / frequency.monthsPerPeriod + 1)
    }

    /// The periods of a finer `frequency` that make this one up, in order.
    public func parts(_ frequency: Frequency) -> [Period] {
        let n = frequency.monthsPerPeriod
        return stride(from: months.lowerBound, through: months.upperBound, by: n).map {
            Period(year: year, frequency: frequency, index: ($0 - 1) / n + 1)
        }
    }

    /// The period before this one, of the same frequency.
    public var previous: Period {
        index > 1 ? Period(year: year, frequency: frequency, index: index - 1)
                  : Period(year: year - 1, frequency: frequency, index: frequency.periodsPerYear)
    }

    /// The period after this one, of the same frequency.
    public var next: Period {
        index < frequency.periodsPerYear ? Period(year: year, frequency: frequency, index: index + 1)
                                         : Period(year: year + 1, frequency: frequency, index: 1)
    }

    /// The same period a year before.
    public var previousYear: Period { Period(year: year - 1, frequency: frequency, index: index) }

    /// The `count` periods of this frequency ending with this one, oldest first.
    public func lastPeriods(_ count: Int) -> [Period] {
        var out = [self]
        while out.count < count { out.insert(out[0].previous, at: 0) }
        return out
    }

    public static func < (a: Period, b: Period) -> Bool {
        if a.year != b.year { return a.year < b.year }
        if a.months.upperBound != b.months.upperBound { return a.months.upperBound < b.months.upperBound }
        return a.frequency < b.frequency
    }
}

extension Period {
    /// As Chinese forms print a 报告期: 2023年6月, 2023年第2季度, 2023年上半年, 2023年.
    public var chinese: String {
        switch frequency {
        case .year: return "\(year)年"
        case .half: return "\(year)年\(index == 1 ? "上" : "下")半年"
        case .quarter: return "\(year)年第\(index)季度"
        case .month: return "\(year)年\(index)月"
        }
    }
}
