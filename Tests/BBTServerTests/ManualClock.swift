import BBTServer
import Foundation

/// A clock the test sets: sessions expire, throttles forget and months turn when the test says so.
final class ManualClock: ServiceClock, @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date

    /// 10:00 in Chengdu on 5 July 2023: June's forms are due, July has begun.
    static let julyFifth = Date(timeIntervalSince1970: 1_688_522_400)

    init(_ date: Date = ManualClock.julyFifth) { self.date = date }

    func now() -> Date { lock.withLock { date } }

    func advance(seconds: TimeInterval) { lock.withLock { date += seconds } }

    func set(_ newDate: Date) { lock.withLock { date = newDate } }
}
