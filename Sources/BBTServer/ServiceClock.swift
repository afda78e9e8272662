import BBTEngine
import Foundation

/// The service's time. Sessions, submitted times, throttling windows, published templates, report
/// timestamps and "the current month" all read it, so that a test can set the day.
public protocol ServiceClock: Sendable {
    func now() -> Date
}

/// The machine's clock.
public struct SystemClock: ServiceClock {
    public init() {}
    public func now() -> Date { Date() }
}

extension ServiceClock {
    /// Now as the store keeps times: ISO 8601 in UTC, which sort as text.
    public func timestamp(after seconds: TimeInterval = 0) -> String {
        Timestamp.iso(now().addingTimeInterval(seconds))
    }

    /// The month it is now in China (UTC+8), where every office works.
    public func currentMonth() -> Period {
        let day = Timestamp.day(now(), offsetSeconds: Timestamp.china)
        return .month(day.year, day.month)
    }
}
