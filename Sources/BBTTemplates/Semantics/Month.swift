/// A calendar month as a value (`2024-12`): the months a unit exists in, the month a change takes
/// effect. Its `number` is the `MonthNumber` the unit tree and the catalog count in.
public struct Month: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let number: Int

    public init(number: Int) { self.number = number }
    public init(year: Int, month: Int) { number = MonthNumber.of(year: year, month: month) }

    /// `2024-12`; `nil` for anything else.
    public init?(_ text: String) {
        guard let n = MonthNumber.parse(text) else { return nil }
        number = n
    }

    public var year: Int { MonthNumber.year(number) }
    /// 1…12.
    public var month: Int { number % 12 + 1 }
    public var previous: Month { Month(number: number - 1) }
    public var description: String { MonthNumber.text(number) }

    public static func < (a: Month, b: Month) -> Bool { a.number < b.number }
}

/// As its text (`2024-12`), in documents the stores keep whole.
extension Month: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let m = Month(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a month: \(text)"))
        }
        self = m
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
