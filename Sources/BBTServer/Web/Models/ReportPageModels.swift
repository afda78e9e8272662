import BBTAPI

/// A report on screen, as its XLSX has it: merged headers, a row per unit, each number a link to
/// where it comes from.
struct ReportPageModel: PageModel {
    let id: String
    let title: String
    let formNo: String
    let authority: String
    let approval: String?
    let listed: String?
    let unitName: String
    let back: String
    let backLabel: String
    let periodLabel: String
    /// Rows down to the communities (`?rows=leaf`) rather than one per unit below.
    let leaf: Bool
    let xlsx: String
    /// The same report with the other kind of rows.
    let other: String
    let headerRows: [HeaderRow]
    /// 1, 2, 3 … over the value columns, as statistical tables number them.
    let designators: [Int]
    let rows: [Row]
    let total: Row?
    /// The 审核关系 under the table: `2=3+4，7≥8`.
    let checks: String?

    struct HeaderRow: Encodable {
        let cells: [HeaderCell]
    }

    struct HeaderCell: Encodable {
        let text: String
        let colspan: Int
        let rowspan: Int
    }

    struct Row: Encodable {
        let name: String
        /// The unit's code; empty for the total.
        let code: String
        let status: String?
        let statusLabel: String?
        let explanation: String?
        /// The community changed a department's figure of this report (数据回流).
        let corrected: Bool
        let marked: Bool
        let cells: [Cell]
    }

    struct Cell: Encodable {
        let text: String
        let isNumber: Bool
        let href: String
        let key: String
    }
}

/// Where one number of a report comes from: the API's drill-down (`CellAnswer`) in words, with each
/// unit's last thirteen periods drawn.
struct CellPageModel: PageModel {
    let cell: CellAnswer
    let reportTitle: String
    let id: String
    let periodLabel: String
    let rowName: String
    let back: String
    /// The value as the report shows it; `nil` when it is empty.
    let value: String?
    let inputs: [Input]
    let contributions: [Contribution]
    /// Too many units to draw a line for each.
    let noLines: Bool
    let limit: Int
    let lineLabel: String

    struct Input: Encodable {
        let name: String
        let label: String
        let value: String
    }

    /// One unit's input; for a department's field, what the department supplied and the
    /// community's reason where it differs.
    struct InputValue: Encodable {
        let text: String
        let supplied: String?
        let reason: String?
    }

    struct Contribution: Encodable {
        let contribution: CellAnswer.Contribution
        let statusLabel: String
        /// Its inputs in the order of `inputs`.
        let values: [InputValue]
        let value: String
        /// An inline SVG.
        let sparkline: String?
    }
}
