import BBTNumber

/// A value a department's system supplied for one field of one unit and period (数据回流). The
/// form offers it pre-filled; the community keeps it or corrects it with a reason.
public struct ProvidedValue: Sendable, Equatable {
    public let value: Value
    /// The `source` ID and its name as the templates declare it.
    public let source: String
    public let sourceName: String
    /// When it was supplied (ISO 8601, UTC).
    public let at: Instant

    public init(value: Value, source: String, sourceName: String, at: Instant) {
        self.value = value
        self.source = source
        self.sourceName = sourceName
        self.at = at
    }
}

extension Value {
    /// The value as a person reads it in a message or a CSV cell: exact decimal digits, `true` or
    /// `false`, `YYYY-MM-DD`, the text itself.
    public var plainText: String {
        switch self {
        case .number(let n): n.plainText
        case .text(let s): s
        case .bool(let b): b ? "true" : "false"
        case .date(let d): d.description
        }
    }
}
