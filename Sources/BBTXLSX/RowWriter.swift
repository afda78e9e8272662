/// Writes one row's cells straight into the sheet's XML, left to right: no array of cells and no
/// strings per cell, which is what a sheet of 600,000 numbers spends its time on otherwise.
public struct RowWriter {
    @usableFromInline var bytes: [UInt8] = []
    @usableFromInline var column = 0
    /// The row number's digits, kept inline: copying them per cell costs no reference counting.
    private var digits: (UInt64, UInt64) = (0, 0)
    private let digitCount: Int
    /// Three letters per column (`AB` padded with zeros), made once per sheet and borrowed.
    let letters: UnsafeBufferPointer<UInt8>

    init(row: Int, letters: UnsafeBufferPointer<UInt8>) {
        precondition(row > 0 && row < 10_000_000_000_000_000, "row numbers are positive")
        var text: [UInt8] = []
        text.appendInt(row)
        digitCount = text.count
        withUnsafeMutableBytes(of: &digits) { raw in
            for (i, b) in text.enumerated() { raw[i] = b }
        }
        self.letters = letters
    }

    /// The row number as text, for the row element.
    var rowDigits: [UInt8] {
        withUnsafeBytes(of: digits) { Array($0.prefix(digitCount)) }
    }

    /// A number already in plain decimal text (`1234`, `-12.5`).
    public mutating func number(_ text: String, style: Int) {
        number(style: style) { $0.append(contentsOf: text.utf8) }
    }

    /// A number whose plain decimal text `digits` appends to the sheet itself (no string between).
    @inlinable
    public mutating func number(style: Int, _ digits: (inout [UInt8]) -> Void) {
        openCell(style)
        appendStatic("><v>")
        digits(&bytes)
        appendStatic("</v></c>")
        column += 1
    }

    /// Text written inline in the sheet: what data rows use, so memory does not grow with rows.
    public mutating func text(_ s: String, style: Int) {
        openCell(style)
        bytes.append(s.first == " " || s.last == " " ? " t=\"inlineStr\"><is><t xml:space=\"preserve\">" : " t=\"inlineStr\"><is><t>")
        bytes.appendText(s)
        bytes.append("</t></is></c>")
        column += 1
    }

    /// An empty cell; with style 0 it is left out of the file.
    public mutating func blank(style: Int) {
        if style != 0 {
            openCell(style)
            bytes.append("/>")
        }
        column += 1
    }

    /// Text from the shared string table (`Workbook.intern`).
    public mutating func shared(_ index: Int, style: Int) {
        openCell(style)
        bytes.append(" t=\"s\"><v>")
        bytes.appendInt(index)
        bytes.append("</v></c>")
        column += 1
    }

    @usableFromInline
    mutating func appendStatic(_ s: StaticString) { bytes.append(s) }

    /// `<c r="B7" s="3"` (the style left out when 0).
    @usableFromInline
    mutating func openCell(_ style: Int) {
        bytes.append("<c r=\"")
        let i = column * 3
        if i + 2 < letters.count {
            for k in i..<(i + 3) where letters[k] != 0 { bytes.append(letters[k]) }
        } else {
            bytes.append(contentsOf: columnName(column).utf8)
        }
        withUnsafeBytes(of: digits) { raw in
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[0..<digitCount]))
        }
        if style != 0 {
            bytes.append("\" s=\"")
            bytes.appendInt(style)
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Column letters for `count` columns, three bytes each.
    static func letters(count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 3)
        for c in 0..<count {
            let name = Array(columnName(c).utf8)
            out.append(contentsOf: name + [UInt8](repeating: 0, count: 3 - name.count))
        }
        return out
    }
}
