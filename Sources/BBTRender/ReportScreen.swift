import BBTEngine
import BBTTemplates

/// A report as a page shows it: the XLSX's header (groups merged over their columns, leaf headers
/// down to the last header row), designator row, unit rows and 合计, and the balance checks, with
/// every cell as text (numbers rounded to the column's places, bools 是/否, empty as empty).
public struct ReportScreen: Sendable {
    public struct HeaderCell: Sendable {
        public let text: String
        public let columns: Int
        public let rows: Int
    }

    public struct Cell: Sendable {
        public let key: String
        /// Empty for an empty value: never 0.
        public let text: String
        /// Right-aligned: numbers, and merged bools (a count).
        public let isNumber: Bool
    }

    public struct Row: Sendable {
        /// `nil` for the 合计 row.
        public let unit: OrgUnit?
        public let status: FormStatus?
        public let explanation: String?
        public let cells: [Cell]
    }

    public let headerRows: [[HeaderCell]]
    public let columnCount: Int
    public let rows: [Row]
    public let total: Row?
    public let checks: [String]

    public init(_ table: ReportTable, rules: [Rule]) {
        let columns = table.columns
        let layout = HeaderLayout(columns: columns, leafText: HeaderLayout.leafText)
        var headerRows = Array(repeating: [HeaderCell](), count: layout.depth)
        headerRows[0] = [HeaderCell(text: "单位名称", columns: 1, rows: layout.depth), HeaderCell(text: "区划代码", columns: 1, rows: layout.depth)]
        for span in layout.spans {
            headerRows[span.row].append(HeaderCell(text: span.text, columns: span.columns.count, rows: span.lastRow - span.row + 1))
        }
        func cells(_ values: [Value?]) -> [Cell] {
            zip(columns, values).map { c, v in Cell(key: c.key, text: ReportScreen.text(v, c), isNumber: v?.number != nil) }
        }
        self.headerRows = headerRows
        self.columnCount = columns.count
        self.rows = table.rows.map { Row(unit: $0.unit, status: $0.status, explanation: $0.explanation, cells: cells($0.values)) }
        self.total = table.total.map { Row(unit: nil, status: nil, explanation: nil, cells: cells($0)) }
        self.checks = BalanceChecks.describe(table.report, rules: rules)
    }

    /// One value as the page shows it in `column` (numbers rounded to its places), or as stored.
    public static func text(_ v: Value?, _ column: Column?) -> String {
        switch v {
        case nil: ""
        case .number(let d)?: column.map { $0.text(d) } ?? d.plainText
        case .bool(let b)?: b ? "是" : "否"
        case .date(let d)?: d.description
        case .text(let s)?: s
        }
    }
}
