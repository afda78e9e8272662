/// Everything about a worksheet that is not its cells.
public struct SheetSetup: Sendable {
    /// At most 31 characters, none of `[]:*?/\`; `Workbook` cleans it.
    public var name: String
    /// Widths in characters, column A first; columns past the end keep the default width.
    public var columnWidths: [Double] = []
    /// Rows and columns kept in view while scrolling (0: none).
    public var frozenRows = 0
    public var frozenColumns = 0
    /// 1-based rows repeated at the top of every printed page.
    public var printTitleRows: ClosedRange<Int>?
    public var landscape = true
    /// Scale the print to one page wide (any number of pages tall).
    public var fitToWidth = true
    /// Centre of the printed footer; `&P` is the page number, `&N` the page count.
    public var footer: String?

    public init(name: String) { self.name = name }
}

/// A rectangle of cells, 0-based columns and 1-based rows as in `A1`.
public struct CellRange: Sendable, Hashable {
    public let firstRow: Int
    public let firstColumn: Int
    public let lastRow: Int
    public let lastColumn: Int

    public init(rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        firstRow = rows.lowerBound
        lastRow = rows.upperBound
        firstColumn = columns.lowerBound
        lastColumn = columns.upperBound
    }

    var reference: String {
        "\(cellReference(column: firstColumn, row: firstRow)):\(cellReference(column: lastColumn, row: lastRow))"
    }
}

/// One cell's content.
public enum CellValue: Sendable, Equatable {
    case blank
    /// A number already in plain decimal text (`1234`, `-12.5`).
    case number(String)
    /// Text written inline in the sheet: what data rows use, so memory does not grow with rows.
    case text(String)
    /// Text kept once in the shared string table: for titles and headers that repeat.
    case sharedText(String)
}

public struct Cell: Sendable, Equatable {
    public var value: CellValue
    public var style: Int

    public init(_ value: CellValue, style: Int = 0) {
        self.value = value
        self.style = style
    }
}
