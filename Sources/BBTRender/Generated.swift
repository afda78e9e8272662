import Foundation

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
