/// Appending XML text to a byte buffer, escaped. The parts of a workbook are built this way (not
/// through libxml2) because a worksheet has one call per cell and that path must stay cheap; every
/// part is checked by libxml2, openpyxl and LibreOffice in the tests.
extension Array where Element == UInt8 {
    mutating func append(_ s: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    mutating func appendText(_ s: String) {
        appendEscaped(s, quotes: false)
    }

    mutating func appendAttribute(_ s: String) {
        appendEscaped(s, quotes: true)
    }

    /// Escapes markup characters; characters XML 1.0 cannot carry at all (most C0 controls) are
    /// written in OOXML's `_xHHHH_` form so that no value is lost, and a literal `_x` that would
    /// read as such an escape gets its underscore escaped.
    private mutating func appendEscaped(_ s: String, quotes: Bool) {
        var s = s
        s.withUTF8 { buf in
            var clean = 0  // start of the run not yet copied
            for i in 0..<buf.count {
                let b = buf[i]
                let replacement: StaticString?
                switch b {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = quotes ? "&quot;" : nil
                case UInt8(ascii: "\n"): replacement = quotes ? "&#10;" : nil
                case UInt8(ascii: "\r"): replacement = "&#13;"
                case UInt8(ascii: "\t"): replacement = quotes ? "&#9;" : nil
                case 0..<0x20: replacement = ""
                case UInt8(ascii: "_"): replacement = Array.looksLikeEscape(buf, i) ? "_x005F" : nil
                default: replacement = nil
                }
                guard let replacement else { continue }
                append(contentsOf: UnsafeBufferPointer(rebasing: buf[clean..<i]))
                if b < 0x20 && replacement.utf8CodeUnitCount == 0 {
                    appendHexEscape(b)
                    clean = i + 1
                } else if b == UInt8(ascii: "_") {
                    append(replacement)  // "_x005F", then the original "_x…" follows
                    clean = i + 1
                    append(UInt8(ascii: "_"))
                } else {
                    append(replacement)
                    clean = i + 1
                }
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: buf[clean..<buf.count]))
        }
    }

    private mutating func appendHexEscape(_ b: UInt8) {
        let hex: StaticString = "0123456789ABCDEF"
        append("_x00")
        append(hex.utf8Start[Int(b >> 4)])
        append(hex.utf8Start[Int(b & 0xF)])
        append(UInt8(ascii: "_"))
    }

    private static func looksLikeEscape(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i + 6 < bytes.count, bytes[i + 1] == UInt8(ascii: "x"), bytes[i + 6] == UInt8(ascii: "_") else { return false }
        return bytes[(i + 2)...(i + 5)].allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 70) || ($0 >= 97 && $0 <= 102) }
    }

    mutating func appendInt(_ n: Int) {
        if n < 0 { append(UInt8(ascii: "-")); appendInt(-n); return }
        if n >= 10 { appendInt(n / 10) }
        append(UInt8(ascii: "0") + UInt8(n % 10))
    }
}

/// `A`, `B`, … `Z`, `AA` … for a column index from 0.
func columnName(_ index: Int) -> String {
    var n = index + 1
    var s = ""
    while n > 0 {
        let r = (n - 1) % 26
        s = String(UnicodeScalar(UInt8(65 + r))) + s
        n = (n - 1) / 26
    }
    return s
}

/// `B7` for column 1, row 7 (rows from 1).
func cellReference(column: Int, row: Int) -> String { "\(columnName(column))\(row)" }
