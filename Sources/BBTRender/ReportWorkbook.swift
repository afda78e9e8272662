import BBTEngine
import BBTNumber
import BBTTemplates
import BBTXLSX

/// A report as an XLSX workbook that looks like a Chinese statistical form on paper: title, meta
/// block, multi-level header, designator row (甲 乙 1 2 3 …), unit rows, 合计, footer and balance
/// checks; frozen under the header, A4 landscape one page wide, header repeated on every page.
public enum ReportWorkbook {
    public static func write<Sink: ByteSink>(_ table: ReportTable, rules: [Rule], generated: Generated,
                                             to sink: Sink) throws -> Sink {
        var book = Workbook(sink: sink, properties: DocumentProperties(
            title: table.report.title, subject: "\(table.unit.name) \(table.period.chinese)",
            creator: "报表通", company: table.report.authority, created: generated.utc))
        var layout = Layout(table: table, book: &book)
        try layout.write(rules: rules, into: &book)
        return try book.finish()
    }
}

private struct Layout<Sink: ByteSink> {
    let table: ReportTable
    let columns: [Column]
    let width: Int                      // columns in the sheet: 单位名称, 区划代码, then the data
    let header: HeaderLayout
    let styles: Styles
    let places: [Int?]                  // per data column: decimal places shown (rounded to)
    var merges: [CellRange] = []

    struct Styles {
        let title, metaLeft, metaRight, header, designator, name, code, total, footer: Int
        let numbers: [Int]              // per data column
        let text: Int, textQuoted: Int, boolText: Int
    }

    init(table: ReportTable, book: inout Workbook<Sink>) {
        self.table = table
        columns = table.columns
        width = 2 + columns.count
        header = HeaderLayout(columns: columns, leafText: HeaderLayout.leafText)
        places = columns.map(\.places)
        let border = CellStyle(border: true)
        func with(_ f: (inout CellStyle) -> Void) -> Int {
            var s = border
            f(&s)
            return book.style(s)
        }
        styles = Styles(
            title: book.style(CellStyle(bold: true, fontSize: 16, horizontal: .center)),
            metaLeft: book.style(CellStyle(horizontal: .left)),
            metaRight: book.style(CellStyle(horizontal: .right)),
            header: with { $0.horizontal = .center; $0.wrap = true },
            designator: with { $0.horizontal = .center },
            name: with { $0.horizontal = .left },
            code: with { $0.horizontal = .center; $0.numberFormat = "@" },
            total: with { $0.horizontal = .center; $0.bold = true },
            footer: book.style(CellStyle(horizontal: .left, wrap: true)),
            numbers: columns.map { c in with { $0.horizontal = .right; $0.numberFormat = Layout.numberFormat(c) } },
            text: with { $0.horizontal = .left },
            textQuoted: with { $0.horizontal = .left; $0.quotePrefix = true },
            boolText: with { $0.horizontal = .center })
    }

    static func numberFormat(_ c: Column) -> String {
        if let f = c.format { return f }
        switch c.type {
        case .integer, .bool: return "0"
        case .decimal(let p): return p == 0 ? "0" : "0." + String(repeating: "0", count: p)
        case .date: return "yyyy-mm-dd"
        case .text: return "@"
        }
    }

    mutating func write(rules: [Rule], into book: inout Workbook<Sink>) throws {
        let report = table.report
        let left = ["填报单位：\(table.unit.name)", "报告期：\(table.period.chinese)"]
        var right = ["表　　号：\(report.formNo)", "制定机关：\(report.authority)"]
        if let a = report.approval { right.append("批准文号：\(a)") }
        if let v = report.validUntil, let p = Period(v) { right.append("有效期至：\(p.chinese)") }
        if let l = report.listed { right.append("清单编号：\(l)") }
        let metaRows = max(left.count, right.count)
        let headerTop = 2 + metaRows                     // 1-based row of the first header row
        let designatorRow = headerTop + header.depth

        var setup = SheetSetup(name: report.id)
        setup.columnWidths = columnWidths()
        setup.frozenRows = designatorRow
        setup.frozenColumns = 2
        setup.printTitleRows = headerTop...designatorRow
        setup.footer = "第 &P 页，共 &N 页"
        try book.beginSheet(setup)

        // Title.
        try book.writeRow([Cell(.sharedText(report.title), style: styles.title)] + blanks(width - 1, styles.title), height: 32)
        merge(row: 1, 0...(width - 1))

        // Meta block: 填报单位 and 报告期 on the left; 表号, 制定机关, 批准文号, 有效期至 on the right.
        let split = max(1, width / 2 - 1)
        for i in 0..<metaRows {
            var cells = blanks(width, 0)
            if i < left.count { cells[0] = Cell(.sharedText(left[i]), style: styles.metaLeft) }
            if i < right.count { cells[split + 1] = Cell(.sharedText(right[i]), style: styles.metaRight) }
            try book.writeRow(cells)
            merge(row: 2 + i, 0...split)
            if split + 1 <= width - 1 { merge(row: 2 + i, (split + 1)...(width - 1)) }
        }

        // Header rows, with 单位名称 and 区划代码 merged down through them.
        var grid = Array(repeating: blanks(width, styles.header), count: header.depth)
        grid[0][0] = Cell(.sharedText("单位名称"), style: styles.header)
        grid[0][1] = Cell(.sharedText("区划代码"), style: styles.header)
        if header.depth > 1 {
            merge(rows: headerTop...(designatorRow - 1), 0...0)
            merge(rows: headerTop...(designatorRow - 1), 1...1)
        }
        for span in header.spans {
            grid[span.row][2 + span.columns.lowerBound] = Cell(.sharedText(span.text), style: styles.header)
            let rows = (headerTop + span.row)...(headerTop + span.lastRow)
            if rows.count > 1 || span.columns.count > 1 {
                merge(rows: rows, (2 + span.columns.lowerBound)...(2 + span.columns.upperBound))
            }
        }
        // Wrapped header text needs taller rows: spreadsheet programs do not grow them on opening.
        var lines = Array(repeating: 1, count: header.depth)
        for span in header.spans where span.row == span.lastRow {
            let room = span.columns.reduce(0.0) { $0 + setup.columnWidths[2 + $1] } - 1
            lines[span.row] = max(lines[span.row], Int((Double(displayWidth(span.text)) / max(room, 1)).rounded(.up)))
        }
        for (i, row) in grid.enumerated() { try book.writeRow(row, height: lines[i] > 1 ? Double(lines[i]) * 14 + 4 : nil) }

        // Designator row: 甲 乙 1 2 3 …
        try book.writeRow([Cell(.sharedText("甲"), style: styles.designator), Cell(.sharedText("乙"), style: styles.designator)]
                          + columns.indices.map { Cell(.number(String($0 + 1)), style: styles.designator) })

        for row in table.rows {
            try book.writeRow { w in
                w.text(row.unit.name, style: styles.name)
                w.text(row.unit.code, style: styles.code)
                dataCells(row.values, into: &w)
            }
        }
        if let total = table.total {
            let label = book.intern("合计")
            try book.writeRow { w in
                w.shared(label, style: styles.total)
                w.blank(style: styles.code)
                dataCells(total, into: &w)
            }
        }

        // Footer, then the balance checks in words.
        let footer = "单位负责人：　　　　　统计负责人：　　　　　填表人：　　　　　联系电话：　　　　　报出日期：　　　　年　　月　　日"
        try book.writeRow([Cell(.sharedText(footer), style: styles.footer)] + blanks(width - 1, styles.footer), height: 30)
        merge(row: book.currentRow, 0...(width - 1))
        let checks = BalanceChecks.describe(report, rules: rules)
        if !checks.isEmpty {
            try book.writeRow([Cell(.sharedText("审核关系：" + checks.joined(separator: "，")), style: styles.footer)]
                              + blanks(width - 1, styles.footer))
            merge(row: book.currentRow, 0...(width - 1))
        }
        try book.endSheet(merges: merges)
    }

    private func blanks(_ n: Int, _ style: Int) -> [Cell] { Array(repeating: Cell(.blank, style: style), count: max(0, n)) }

    private mutating func merge(row: Int, _ columns: ClosedRange<Int>) {
        if columns.count > 1 { merges.append(CellRange(rows: row...row, columns: columns)) }
    }

    private mutating func merge(rows: ClosedRange<Int>, _ columns: ClosedRange<Int>) {
        merges.append(CellRange(rows: rows, columns: columns))
    }

    private func dataCells(_ values: [Value?], into w: inout RowWriter) {
        for (i, value) in values.enumerated() {
            switch value {
            case nil:
                w.blank(style: styles.numbers[i])
            case .number(let d)?:
                w.number(style: styles.numbers[i]) { d.appendPlainText(places: places[i], to: &$0) }
            case .date(let d)?:
                w.number(String(d.serial), style: styles.numbers[i])
            case .bool(let b)?:
                w.text(b ? "是" : "否", style: styles.boolText)
            case .text(let s)?:
                // Text that a spreadsheet could take for a formula is marked as text.
                let risky = s.first.map { "=+-@".contains($0) } ?? false
                w.text(s, style: risky ? styles.textQuoted : styles.text)
            }
        }
    }

    /// Widths in characters that fit CJK text: names and codes by their longest value, data columns
    /// by their values and a wrapped header, or the width the template asks for.
    private func columnWidths() -> [Double] {
        let sample = table.rows.prefix(500)
        let nameWidth = sample.map { displayWidth($0.unit.name) }.max() ?? 8
        let codeWidth = sample.map { $0.unit.code.count }.max() ?? 8
        var widths = [Double(min(max(nameWidth, 8), 30) + 2), Double(min(max(codeWidth, 8), 20) + 2)]
        for (i, c) in columns.enumerated() {
            if let w = c.width { widths.append(w); continue }
            var values = sample.map { row -> Int in
                guard let v = row.values[i] else { return 0 }
                switch v {
                case .number(let d): return c.text(d).count + 2
                case .text(let s): return displayWidth(s)
                case .bool: return 2
                case .date: return 10
                }
            }.max() ?? 0
            if let total = table.total?[i]?.number { values = max(values, c.text(total).count + 2) }
            // Long headers wrap; split them into lines of even length rather than leave one character alone.
            let w = displayWidth(HeaderLayout.leafText(c))
            let headerWidth = w <= 12 ? w : (w + (w + 11) / 12 - 1) / ((w + 11) / 12) + 1
            widths.append(Double(min(max(values, headerWidth, 6), 30) + 2))
        }
        return widths
    }
}
