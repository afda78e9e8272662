import BBTTemplates

/// The multi-level header of a report: group titles as merged cells over their columns, leaf
/// headers merged down to the last header row.
struct HeaderLayout {
    struct Span {
        let text: String
        let row: Int          // 0-based header row
        let columns: ClosedRange<Int>   // 0-based data columns
        let lastRow: Int
    }

    let depth: Int
    let spans: [Span]

    /// The leaf header, with the unit of measure unless the header or a group above already shows it.
    static func leafText(_ c: Column) -> String {
        guard let unit = c.unit, !unit.isEmpty, !c.header.contains(unit), !c.groups.contains(where: { $0.contains(unit) }) else {
            return c.header
        }
        return "\(c.header)(\(unit))"
    }

    init(columns: [Column], leafText: (Column) -> String) {
        let depth = (columns.map { $0.groups.count }.max() ?? 0) + 1
        var spans: [Span] = []
        for level in 0..<(depth - 1) {
            var start = 0
            while start < columns.count {
                guard columns[start].groups.count > level else { start += 1; continue }
                let path = columns[start].groups.prefix(level + 1)
                var end = start
                while end + 1 < columns.count, columns[end + 1].groups.count > level,
                      columns[end + 1].groups.prefix(level + 1) == path { end += 1 }
                spans.append(Span(text: path.last!, row: level, columns: start...end, lastRow: level))
                start = end + 1
            }
        }
        for (i, c) in columns.enumerated() {
            spans.append(Span(text: leafText(c), row: c.groups.count, columns: i...i, lastRow: depth - 1))
        }
        self.depth = depth
        self.spans = spans.sorted { ($0.row, $0.columns.lowerBound) < ($1.row, $1.columns.lowerBound) }
    }
}

/// Display width of text in a spreadsheet column, counting CJK characters double.
func displayWidth(_ s: String) -> Int {
    s.unicodeScalars.reduce(0) { $0 + $1.terminalWidth }
}
