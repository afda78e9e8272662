import BBTEngine
import BBTTemplates

// Moments and months written as the text the store keeps (`"2023-07-03T01:30:00Z"`, `"2024-12"`),
// in tests only (every test target has BBTTestSupport): the service itself passes them typed.
extension Instant: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        guard let instant = Instant(text) else { preconditionFailure("not an instant: \(text)") }
        self = instant
    }
}

extension Month: ExpressibleByStringLiteral {
    public init(stringLiteral text: String) {
        guard let month = Month(text) else { preconditionFailure("not a month: \(text)") }
        self = month
    }
}
