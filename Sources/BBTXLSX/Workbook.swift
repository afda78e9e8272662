/// Writes an XLSX workbook as it goes: each row is turned into XML and handed to the deflate
/// stream at once, so memory stays flat however many rows a sheet has. Only the styles, the shared
/// strings (titles and headers) and the merged ranges are kept until the end.
public struct Workbook<Sink: ByteSink> {
    private var zip: ZipWriter<Sink>
    private let properties: DocumentProperties
    private var styles = StyleTable()
    private var sharedStrings: [String] = []
    private var sharedIndex: [String: Int] = [:]
    private var sharedReferences = 0
    private var sheets: [SheetSetup] = []
    private var rowNumber = 0
    private var inSheet = false
    /// Column letters of the widest row so far (Excel's limit is 16,384 columns: three letters).
    private var letters = RowWriter.letters(count: 64)

    /// zlib level 2: measured on the benchmark city's 3,000 × 198 sheet (docs/performance.md), as
    /// fast as level 1 and 6 % smaller; level 6 (libxlsxwriter's and zipfile's) makes the file
    /// 18 % smaller but takes twice as long, and deflating is most of a report's time.
    public static var defaultCompression: Int32 { 2 }

    /// `level` is zlib's compression level (1 fastest … 9 smallest).
    public init(sink: Sink, properties: DocumentProperties, compression level: Int32 = Workbook.defaultCompression) {
        zip = ZipWriter(sink: sink, level: level)
        self.properties = properties
    }

    public mutating func style(_ style: CellStyle) -> Int { styles.index(of: style) }

    /// The number of the last row written (rows count from 1).
    public var currentRow: Int { rowNumber }

    public mutating func beginSheet(_ setup: SheetSetup) throws {
        precondition(!inSheet, "end the previous sheet first")
        var setup = setup
        setup.name = Workbook.cleanSheetName(setup.name, taken: sheets.map(\.name))
        sheets.append(setup)
        if setup.columnWidths.count * 3 > letters.count { letters = RowWriter.letters(count: setup.columnWidths.count) }
        inSheet = true
        rowNumber = 0
        try zip.beginEntry("xl/worksheets/sheet\(sheets.count).xml")
        var x: [UInt8] = []
        x.append(PackageParts.header)
        x.append("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">")
        if setup.fitToWidth { x.append("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>") }
        x.append("<sheetViews><sheetView workbookViewId=\"0\"")
        if sheets.count == 1 { x.append(" tabSelected=\"1\"") }
        x.append(">")
        if setup.frozenRows > 0 || setup.frozenColumns > 0 {
            let topLeft = cellReference(column: setup.frozenColumns, row: setup.frozenRows + 1)
            let pane: StaticString = setup.frozenRows > 0 && setup.frozenColumns > 0 ? "bottomRight"
                : (setup.frozenRows > 0 ? "bottomLeft" : "topRight")
            x.append("<pane")
            if setup.frozenColumns > 0 { x.append(" xSplit=\""); x.appendInt(setup.frozenColumns); x.append("\"") }
            if setup.frozenRows > 0 { x.append(" ySplit=\""); x.appendInt(setup.frozenRows); x.append("\"") }
            x.append(" topLeftCell=\""); x.appendText(topLeft); x.append("\" activePane=\""); x.append(pane)
            x.append("\" state=\"frozen\"/><selection pane=\""); x.append(pane); x.append("\" activeCell=\"")
            x.appendText(topLeft); x.append("\" sqref=\""); x.appendText(topLeft); x.append("\"/>")
        }
        x.append("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>")
        if !setup.columnWidths.isEmpty {
            x.append("<cols>")
            for (i, w) in setup.columnWidths.enumerated() {
                x.append("<col min=\""); x.appendInt(i + 1); x.append("\" max=\""); x.appendInt(i + 1)
                x.append("\" width=\""); x.append(contentsOf: Array(StyleTable.number(w).utf8)); x.append("\" customWidth=\"1\"/>")
            }
            x.append("</cols>")
        }
        x.append("<sheetData>")
        try zip.write(x)
    }

    /// Writes the next row. `height` in points; `nil` lets the program decide.
    public mutating func writeRow(_ cells: [Cell], height: Double? = nil) throws {
        var shared: [Int] = []
        for c in cells { if case .sharedText(let s) = c.value { shared.append(intern(s)) } }
        try writeRow(height: height) { row in
            var next = 0
            for c in cells {
                switch c.value {
                case .blank: row.blank(style: c.style)
                case .number(let n): row.number(n, style: c.style)
                case .text(let s): row.text(s, style: c.style)
                case .sharedText:
                    row.shared(shared[next], style: c.style)
                    next += 1
                }
            }
        }
    }

    /// Writes the next row cell by cell (see `RowWriter`): for the many rows of a table.
    public mutating func writeRow(height: Double? = nil, _ cells: (inout RowWriter) throws -> Void) throws {
        precondition(inSheet, "begin a sheet first")
        rowNumber += 1
        let letters = self.letters
        try letters.withUnsafeBufferPointer { letters in
            var row = RowWriter(row: rowNumber, letters: letters)
            var failure: (any Error)?
            try zip.withBuffer { x in
                x.append("<row r=\""); x.append(contentsOf: row.rowDigits); x.append("\"")
                if let height {
                    x.append(" ht=\""); x.append(contentsOf: Array(StyleTable.number(height).utf8)); x.append("\" customHeight=\"1\"")
                }
                x.append(">")
                swap(&row.bytes, &x)
                do { try cells(&row) } catch { failure = error }
                swap(&row.bytes, &x)
                x.append("</row>")
            }
            if let failure { throw failure }
        }
    }

    /// The shared-string index of `s`, for `RowWriter.shared`; counts as one use.
    public mutating func intern(_ s: String) -> Int {
        sharedReferences += 1
        if let i = sharedIndex[s] { return i }
        sharedStrings.append(s)
        sharedIndex[s] = sharedStrings.count - 1
        return sharedStrings.count - 1
    }

    public mutating func endSheet(merges: [CellRange] = []) throws {
        precondition(inSheet, "begin a sheet first")
        inSheet = false
        let setup = sheets[sheets.count - 1]
        var x: [UInt8] = []
        x.append("</sheetData>")
        if !merges.isEmpty {
            x.append("<mergeCells count=\""); x.appendInt(merges.count); x.append("\">")
            for m in merges { x.append("<mergeCell ref=\""); x.appendText(m.reference); x.append("\"/>") }
            x.append("</mergeCells>")
        }
        x.append("<printOptions horizontalCentered=\"1\"/>")
        x.append("<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>")
        x.append("<pageSetup paperSize=\"9\" orientation=\"")
        x.append(setup.landscape ? "landscape" : "portrait")
        x.append("\"")
        if setup.fitToWidth { x.append(" fitToWidth=\"1\" fitToHeight=\"0\"") }
        x.append("/>")
        if let footer = setup.footer {
            x.append("<headerFooter><oddFooter>&amp;C"); x.appendText(footer); x.append("</oddFooter></headerFooter>")
        }
        x.append("</worksheet>")
        try zip.write(x)
        try zip.endEntry()
    }

    /// Writes the remaining parts and the ZIP directory, and hands the sink back.
    public mutating func finish() throws -> Sink {
        precondition(!inSheet, "end the sheet first")
        precondition(!sheets.isEmpty, "a workbook needs a sheet")
        let parts: [(String, [UInt8])] = [
            ("xl/sharedStrings.xml", PackageParts.sharedStrings(sharedStrings, references: sharedReferences)),
            ("xl/styles.xml", styles.xml()),
            ("xl/workbook.xml", PackageParts.workbook(sheets: sheets)),
            ("xl/_rels/workbook.xml.rels", PackageParts.workbookRelationships(sheets: sheets.count)),
            ("docProps/core.xml", PackageParts.core(properties)),
            ("docProps/app.xml", PackageParts.app(properties)),
            ("_rels/.rels", PackageParts.rootRelationships()),
            ("[Content_Types].xml", PackageParts.contentTypes(sheets: sheets.count)),
        ]
        for (name, bytes) in parts {
            try zip.beginEntry(name)
            try zip.write(bytes)
            try zip.endEntry()
        }
        try zip.finish()
        return zip.sink
    }

    /// Sheet names: at most 31 characters, none of `[]:*?/\`, unique in the workbook.
    static func cleanSheetName(_ name: String, taken: [String]) -> String {
        let forbidden: Set<Character> = ["[", "]", ":", "*", "?", "/", "\\"]
        var clean = String(name.filter { !forbidden.contains($0) }.prefix(31))
        if clean.isEmpty { clean = "Sheet" }
        var candidate = clean
        var n = 2
        while taken.contains(candidate) {
            let suffix = "(\(n))"
            candidate = String(clean.prefix(31 - suffix.count)) + suffix
            n += 1
        }
        return candidate
    }
}
