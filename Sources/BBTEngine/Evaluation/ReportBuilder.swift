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
        let direct: [Int?] = atoms.map { $0.time == nil && time.frequency(of: $0.field, in: period) == period.frequency ? $0.field : nil }
        let rowsOfPeriod = values.rows(period: period)
        func own(_ u: Int) -> [Value?] {
            let row = rowsOfPeriod?[u]
            return atoms.indices.map { a in
                direct[a].map { f in row?[f] ?? nil } ?? time.value(unit: u, atom: atoms[a], period: period)
            }
        }
        // A report whose columns are its inputs in order (plain fields) needs no evaluation.
        let plain = columns.enumerated().allSatisfy { i, c in
            if case .atom(let a) = c { return a == i }
            return false
        } && columns.count == atoms.count
        func evaluate(_ inputs: [Value?]) -> [Value?] { plain ? inputs : columns.map { Evaluator.evaluate($0, inputs) } }
        func status(_ u: Int) -> FormStatus { values.status(unit: u, month: period.lastMonth) }
        func explanation(_ u: Int) -> String? { values.explanation(unit: u, month: period.lastMonth) }

        if target.level == level {
            let row = ReportTable.Row(unit: target, status: status(unit), explanation: explanation(unit), values: evaluate(own(unit)))
            return ReportTable(report: report, period: period, unit: target, rows: [row], total: nil)
        }

        // Each filling unit's inputs are read once and go into its own row, its child's merge and
        // the total as they come, in the order of the tree.
        var totals = RowMerge(merges)
        var rows: [ReportTable.Row] = []
        switch mode {
        case .leaf:
            for u in tree.units(at: level, under: unit) {
                let inputs = own(u)
                totals.add(inputs)
                rows.append(ReportTable.Row(unit: tree[u], status: status(u), explanation: explanation(u), values: evaluate(inputs)))
            }
        case .children:
            for child in tree.children[unit] {
                if tree[child].level == level {
                    let inputs = own(child)
                    totals.add(inputs)
                    rows.append(ReportTable.Row(unit: tree[child], status: status(child), explanation: explanation(child),
                                                values: evaluate(inputs)))
                } else {
                    var below = RowMerge(merges)
                    for u in tree.units(at: level, under: child) {
                        let inputs = own(u)
                        below.add(inputs)
                        totals.add(inputs)
                    }
                    rows.append(ReportTable.Row(unit: tree[child], status: nil, values: evaluate(below.result)))
                }
            }
        }
        let total = evaluate(totals.result)
        return ReportTable(report: report, period: period, unit: target, rows: rows, total: total)
    }
}
