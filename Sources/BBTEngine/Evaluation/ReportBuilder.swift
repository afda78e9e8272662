import BBTNumber
import BBTTemplates

/// Builds report tables: time first (each filling unit's value for the period, time functions
/// included), then units (merged by each field's rule), then computed indicators and column
/// expressions evaluated on the merged inputs — at every level, never by adding up percentages.
public struct ReportBuilder: Sendable {
    public let catalog: Catalog
    public let tree: UnitTree
    public let values: FormValues

    public init(catalog: Catalog, tree: UnitTree, values: FormValues) {
        self.catalog = catalog
        self.tree = tree
        self.values = values
    }

    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// The report `report` of `unit` for `period` (of the report's frequency).
    public func table(report: Report, period: Period, unit: Int, rows mode: RowMode = .children) throws(Refusal) -> ReportTable {
        guard period.frequency == report.frequency else {
            throw Refusal(description: "报表 \(report.id) 是\(report.frequency.chinese)报, 报告期 \(period) 不是\(report.frequency.chinese)")
        }
        let target = tree[unit]
        let level = report.filledBy
        guard target.level >= level else {
            throw Refusal(description: "报表 \(report.id) 由\(level.chinese)填报, \(target.name) (\(target.level.chinese)) 没有这张表")
        }

        var compiler = FormulaCompiler(catalog: catalog)
        let columns = report.columns.map { compiler.compile($0.expression) }
        let atoms = compiler.atoms
        let time = TimeAggregation(catalog: catalog, values: values, level: level)
        let merges = atoms.map { catalog.fields[$0.field].merge }

        // Most atoms read a field at the report's own period: take the unit's row once.
        let direct = atoms.map { $0.time == nil && time.frequencies[$0.field] == period.frequency }
        func own(_ u: Int) -> [Value?] {
            let row = values.row(unit: u, period: period)
            return atoms.indices.map { a in
                direct[a] ? (row?[atoms[a].field] ?? nil) : time.value(unit: u, atom: atoms[a], period: period)
            }
        }
        func evaluate(_ inputs: [Value?]) -> [Value?] { columns.map { Evaluator.evaluate($0, inputs) } }
        func merged(_ leaves: [[Value?]]) -> [Value?] {
            atoms.indices.map { a in UnitMerge.merge(merges[a], leaves.map { $0[a] }) }
        }
        func status(_ u: Int) -> FormStatus { values.status(unit: u, month: period.lastMonth) }

        if target.level == level {
            let row = ReportTable.Row(unit: target, status: status(unit), values: evaluate(own(unit)))
            return ReportTable(report: report, period: period, unit: target, rows: [row], total: nil)
        }

        let leaves = tree.units(at: level, under: unit)
        var leafInputs: [Int: [Value?]] = [:]
        leafInputs.reserveCapacity(leaves.count)
        for u in leaves { leafInputs[u] = own(u) }

        var rows: [ReportTable.Row] = []
        switch mode {
        case .leaf:
            rows = leaves.map { ReportTable.Row(unit: tree[$0], status: status($0), values: evaluate(leafInputs[$0]!)) }
        case .children:
            for child in tree.children[unit] {
                if tree[child].level == level {
                    rows.append(ReportTable.Row(unit: tree[child], status: status(child), values: evaluate(leafInputs[child]!)))
                } else {
                    let below = tree.units(at: level, under: child).map { leafInputs[$0]! }
                    rows.append(ReportTable.Row(unit: tree[child], status: nil, values: evaluate(merged(below))))
                }
            }
        }
        let total = evaluate(merged(leaves.map { leafInputs[$0]! }))
        return ReportTable(report: report, period: period, unit: target, rows: rows, total: total)
    }
}
