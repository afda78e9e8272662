/// How a cell looks. Styles are interned into the workbook's `cellXfs` as they are first used.
public struct CellStyle: Hashable, Sendable {
    public enum Horizontal: String, Sendable { case general, left, center, right }

    public var bold = false
    public var fontSize: Double = 11
    public var border = false
    public var horizontal: Horizontal = .general
    public var verticalCenter = true
    public var wrap = false
    /// An Excel number format (`0.00`, `yyyy-mm-dd`); `nil` for General.
    public var numberFormat: String?
    /// Marks text that would otherwise read as a formula (`=`, `+`, `-`, `@`) as plain text.
    public var quotePrefix = false

    public init(bold: Bool = false, fontSize: Double = 11, border: Bool = false, horizontal: Horizontal = .general,
                verticalCenter: Bool = true, wrap: Bool = false, numberFormat: String? = nil, quotePrefix: Bool = false) {
        self.bold = bold
        self.fontSize = fontSize
        self.border = border
        self.horizontal = horizontal
        self.verticalCenter = verticalCenter
        self.wrap = wrap
        self.numberFormat = numberFormat
        self.quotePrefix = quotePrefix
    }
}

/// The style table of one workbook, in first-use order (deterministic).
public struct StyleTable: Sendable {
    struct Font: Hashable { let bold: Bool; let size: Double }

    private(set) var styles: [CellStyle] = [CellStyle()]
    private var styleIndex: [CellStyle: Int] = [CellStyle(): 0]
    private(set) var fonts: [Font] = [Font(bold: false, size: 11)]
    private(set) var formats: [String] = []

    /// Number formats Excel has built in, by id; anything else gets an id from 164 up.
    static let builtinFormats: [String: Int] = ["0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49]

    public init() {}

    public mutating func index(of style: CellStyle) -> Int {
        if let i = styleIndex[style] { return i }
        let font = Font(bold: style.bold, size: style.fontSize)
        if !fonts.contains(font) { fonts.append(font) }
        if let f = style.numberFormat, StyleTable.builtinFormats[f] == nil, !formats.contains(f) { formats.append(f) }
        styles.append(style)
        styleIndex[style] = styles.count - 1
        return styles.count - 1
    }

    func formatID(_ format: String?) -> Int {
        guard let format else { return 0 }
        return StyleTable.builtinFormats[format] ?? 164 + formats.firstIndex(of: format)!
    }

    /// `xl/styles.xml`.
    func xml() -> [UInt8] {
        var x: [UInt8] = []
        x.append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
        x.append("<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
        if !formats.isEmpty {
            x.append("<numFmts count=\""); x.appendInt(formats.count); x.append("\">")
            for (i, f) in formats.enumerated() {
                x.append("<numFmt numFmtId=\""); x.appendInt(164 + i); x.append("\" formatCode=\"")
                x.appendAttribute(f); x.append("\"/>")
            }
            x.append("</numFmts>")
        }
        x.append("<fonts count=\""); x.appendInt(fonts.count); x.append("\">")
        for f in fonts {
            x.append("<font>")
            if f.bold { x.append("<b/>") }
            x.append("<sz val=\""); x.append(contentsOf: Array(StyleTable.number(f.size).utf8)); x.append("\"/>")
            x.append("<name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>")
        }
        x.append("</fonts>")
        x.append("<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>")
        x.append("<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>")
        x.append("<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right>")
        x.append("<top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border></borders>")
        x.append("<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>")
        x.append("<cellXfs count=\""); x.appendInt(styles.count); x.append("\">")
        for s in styles { xf(s, into: &x) }
        x.append("</cellXfs>")
        x.append("<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>")
        x.append("</styleSheet>")
        return x
    }

    private func xf(_ s: CellStyle, into x: inout [UInt8]) {
        let font = fonts.firstIndex(of: Font(bold: s.bold, size: s.fontSize))!
        let format = formatID(s.numberFormat)
        x.append("<xf numFmtId=\""); x.appendInt(format)
        x.append("\" fontId=\""); x.appendInt(font)
        x.append("\" fillId=\"0\" borderId=\""); x.appendInt(s.border ? 1 : 0)
        x.append("\" xfId=\"0\"")
        if format != 0 { x.append(" applyNumberFormat=\"1\"") }
        if font != 0 { x.append(" applyFont=\"1\"") }
        if s.border { x.append(" applyBorder=\"1\"") }
        if s.quotePrefix { x.append(" quotePrefix=\"1\"") }
        let aligned = s.horizontal != .general || s.verticalCenter || s.wrap
        if aligned {
            x.append(" applyAlignment=\"1\"><alignment")
            if s.horizontal != .general { x.append(" horizontal=\""); x.append(contentsOf: Array(s.horizontal.rawValue.utf8)); x.append("\"") }
            if s.verticalCenter { x.append(" vertical=\"center\"") }
            if s.wrap { x.append(" wrapText=\"1\"") }
            x.append("/></xf>")
        } else {
            x.append("/>")
        }
    }

    static func number(_ d: Double) -> String {
        d == d.rounded() ? String(Int(d)) : String(d)
    }
}
