import BBTEngine
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

    public var china: String { Timestamp.iso(date, offsetSeconds: Timestamp.china) }
    public var utc: String { Timestamp.iso(date) }
}
