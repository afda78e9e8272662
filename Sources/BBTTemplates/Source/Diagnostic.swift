/// How bad a problem is: errors make a catalog unusable, warnings point at likely mistakes.
public enum Severity: String, Sendable, Codable {
    case error
    case warning
}

/// One problem found in the templates, as a value: the phases report these and go on.
public struct Diagnostic: Sendable, Equatable {
    public let severity: Severity
    public let message: String
    public let span: SourceSpan

    public init(_ severity: Severity, _ message: String, at span: SourceSpan) {
        self.severity = severity
        self.message = message
        self.span = span
    }
}

/// Where every phase reports its problems; only the CLI and the server decide what they mean.
public struct Diagnostics: Sendable {
    public private(set) var items: [Diagnostic] = []

    public init() {}

    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errorCount: Int { items.count { $0.severity == .error } }
    public var warningCount: Int { items.count { $0.severity == .warning } }

    mutating func append(_ diagnostic: Diagnostic) { items.append(diagnostic) }

    mutating func error(_ message: String, at span: SourceSpan) {
        items.append(Diagnostic(.error, message, at: span))
    }

    mutating func warning(_ message: String, at span: SourceSpan) {
        items.append(Diagnostic(.warning, message, at: span))
    }

    /// In file order, then position; the order in which problems were found does not leak out.
    public func sorted() -> [Diagnostic] {
        items.enumerated().sorted { a, b in
            let (x, y) = (a.element.span, b.element.span)
            if x.file != y.file { return x.file < y.file }
            if x.start != y.start { return x.start < y.start }
            return a.offset < b.offset
        }.map(\.element)
    }
}
