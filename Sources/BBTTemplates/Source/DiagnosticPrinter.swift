/// Prints diagnostics the one normative way, `path:line:column: severity: message`, optionally
/// followed by the source line and a caret under the column (for people at a terminal).
public struct DiagnosticPrinter: Sendable {
    public let sources: TemplateSources
    public let showSource: Bool

    public init(sources: TemplateSources, showSource: Bool) {
        self.sources = sources
        self.showSource = showSource
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let file = sources.files[diagnostic.span.file]
        let loc = file.location(of: diagnostic.span.start)
        var out = "\(file.path):\(loc.line):\(loc.column): \(diagnostic.severity.rawValue): \(diagnostic.message)"
        if showSource {
            let line = file.line(loc.line)
            let before = line.unicodeScalars.prefix(loc.column - 1)
            // Wide (CJK) characters take two cells on a terminal; tabs are kept so the caret lines up.
            let pad = before.map { $0 == "\t" ? "\t" : String(repeating: " ", count: $0.terminalWidth) }.joined()
            out += "\n  \(line)\n  \(pad)^"
        }
        return out
    }
}

extension Unicode.Scalar {
    /// Cells this scalar takes on a terminal or in a spreadsheet column: 2 for East Asian wide and
    /// full-width characters.
    public var terminalWidth: Int {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
