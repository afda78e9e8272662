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
    /// Now (or `seconds` from now), to the second, as the store keeps moments.
    public func instant(after seconds: TimeInterval = 0) -> Instant {
        Instant(now().addingTimeInterval(seconds))
    }

    /// The month it is now in China (UTC+8), where every office works.
    public func currentMonth() -> Period {
        let day = Timestamp.day(now(), offsetSeconds: Timestamp.china)
        return .month(day.year, day.month)
    }
}
