import BBTNumber
import BBTEngine
import BBTTemplates
import Foundation

/// How report values are written as text in XML and JSON, and how columns are described.
enum ReportValues {
    /// Decimal places a column shows; numbers are rounded (half away from zero) to them.
    static func places(_ type: ColumnType) -> Int? {
        switch type {
        case .integer: 0
        case .decimal(let p): p
        default: nil
        }
    }

    /// `1234`, `12.5`, `true`, `2023-06-30`, the text itself; `nil` for empty.
    static func text(_ value: Value?, column: Column) -> String? {
        switch value {
        case nil: nil
        case .number(let d)?: number(d, column)
        case .bool(let b)?: b ? "true" : "false"
        case .date(let d)?: d.description
        case .text(let s)?: s
        }
    }

    /// A number as every format writes it: rounded to the column's places, plain decimal text.
    static func number(_ d: Number, _ column: Column) -> String {
        places(column.type).map { d.plainText(places: $0) } ?? d.plainText
    }

    static func typeName(_ type: ColumnType) -> String {
        switch type {
        case .integer: "int"
        case .decimal: "decimal"
        case .text: "text"
        case .bool: "bool"
        case .date: "date"
        }
    }

    static func groupPath(_ column: Column) -> String? {
        column.groups.isEmpty ? nil : column.groups.joined(separator: "/")
    }
}

/// When a report was generated: written in China time in reports (`2023-07-05T10:00:00+08:00`)
/// and in UTC in workbook properties.
public struct Generated: Sendable {
    public let date: Date

    public init(_ date: Date) { self.date = date }

    /// From `SOURCE_DATE_EPOCH` when set (reproducible builds and golden files), else now.
    public static func fromEnvironment() -> Generated {
        if let s = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = TimeInterval(s) {
            return Generated(Date(timeIntervalSince1970: seconds))
        }
        return Generated(Date())
    }

    public var china: String { format(offsetHours: 8, suffix: "+08:00") }
    public var utc: String { format(offsetHours: 0, suffix: "Z") }

    private func format(offsetHours: Int, suffix: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: offsetHours * 3600)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return "\(String(format: "%04d", c.year ?? 0))-\(pad(c.month))-\(pad(c.day))T\(pad(c.hour)):\(pad(c.minute)):\(pad(c.second))\(suffix)"
    }
}
