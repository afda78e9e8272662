/// The cells of one worksheet as text, with its merged ranges: what a person sees on screen, not
/// how the file stores it (shared or inline strings, numbers as written).
public struct Sheet: Sendable {
    /// A rectangle of cells, rows and columns counted from 0.
    public struct Range: Sendable, Equatable, Hashable {
        public let top: Int, left: Int, bottom: Int, right: Int
        public init(top: Int, left: Int, bottom: Int, right: Int) {
            self.top = top; self.left = left; self.bottom = bottom; self.right = right
        }
        public func contains(row: Int, column: Int) -> Bool { (top...bottom).contains(row) && (left...right).contains(column) }
    }

    /// Rows from the top, each a sparse map from column to text; only the first `rowLimit` rows.
    public let rows: [[Int: String]]
    public let merges: [Range]
    /// How many rows the sheet has, counting those not kept.
    public let rowCount: Int

    public init(rows: [[Int: String]], merges: [Range], rowCount: Int) {
        self.rows = rows
        self.merges = merges
        self.rowCount = rowCount
        var index: [Int: [Int]] = [:]
        for (i, m) in merges.enumerated() where m.top < rows.count {
            for r in m.top...Swift.min(m.bottom, rows.count - 1) { index[r, default: []].append(i) }
        }
        mergesByRow = index
    }

    private let mergesByRow: [Int: [Int]]

    /// The text of the cell as written (empty for a cell inside a merged range but its first).
    public func text(_ row: Int, _ column: Int) -> String {
        guard row >= 0, row < rows.count else { return "" }
        return rows[row][column] ?? ""
    }

    /// The merged range that covers a cell, if any.
    public func merge(at row: Int, _ column: Int) -> Range? {
        mergesByRow[row]?.lazy.map { merges[$0] }.first { $0.contains(row: row, column: column) }
    }

    /// The text a reader sees in a cell: a merged range shows its first cell's text everywhere.
    public func shown(_ row: Int, _ column: Int) -> String {
        if let m = merge(at: row, column) { return text(m.top, m.left) }
        return text(row, column)
    }

    /// The last column with anything in the kept rows.
    public var lastColumn: Int { rows.reduce(-1) { Swift.max($0, $1.keys.max() ?? -1) } }

    /// `B12` → (row 11, column 1).
    public static func reference(_ ref: String) -> (row: Int, column: Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for b in ref.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(b - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                row = row * 10 + Int(b - UInt8(ascii: "0"))
                digits += 1
            case UInt8(ascii: "$"): continue
            default: return nil
            }
            guard letters <= 3, digits <= 7 else { return nil }
        }
        guard letters > 0, digits > 0, row > 0, column <= 16_384 else { return nil }
        return (row - 1, column - 1)
    }

    /// `A1:C3` → its range; a single reference is a one-cell range.
    public static func range(_ text: String) -> Range? {
        let parts = text.split(separator: ":")
        guard parts.count == 1 || parts.count == 2, let a = reference(String(parts[0])),
              let b = reference(String(parts[parts.count - 1])) else { return nil }
        return Range(top: Swift.min(a.row, b.row), left: Swift.min(a.column, b.column),
                     bottom: Swift.max(a.row, b.row), right: Swift.max(a.column, b.column))
    }
}
