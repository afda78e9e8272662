import Foundation

/// A moment, to the second, as the service records it: when a form was saved or submitted, when a
/// session expires, when a department's file came. Stores keep it as its ISO 8601 text in UTC
/// (`2023-07-03T01:30:00Z`), which sorts as the moments do; in Swift it is this type, so that a
/// month, a name or a malformed time cannot be passed where a moment is meant.
public struct Instant: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    /// `date`, fractions of a second dropped.
    public init(_ date: Date) { seconds = Int(date.timeIntervalSince1970.rounded(.down)) }

    /// ISO 8601 text as `Timestamp.date` reads it (`Z` or an offset, a fraction dropped); `nil` for
    /// anything else.
    public init?(_ text: String) {
        guard let date = Timestamp.date(text) else { return nil }
        self.init(date)
    }

    public var date: Date { Date(timeIntervalSince1970: TimeInterval(seconds)) }

    /// The moment `seconds` later (earlier when negative).
    public func adding(seconds more: Int) -> Instant { Instant(seconds: seconds + more) }

    /// As stores keep it and the API writes it: `2023-07-03T01:30:00Z`.
    public var description: String { Timestamp.iso(date) }

    /// As a person in China reads it, to the minute: `2023-07-03 09:30`.
    public var chinaMinute: String {
        let local = Timestamp.iso(date, offsetSeconds: Timestamp.china)
        return local.prefix(10) + " " + local.dropFirst(11).prefix(5)
    }

    /// The calendar day in China.
    public var chinaDay: LocalDate { Timestamp.day(date, offsetSeconds: Timestamp.china) }

    public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }
}

/// As its text, in documents the stores keep whole (a request and its steps).
extension Instant: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let i = Instant(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a moment: \(text)"))
        }
        self = i
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
