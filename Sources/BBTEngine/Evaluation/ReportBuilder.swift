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

    /// The report `report` of `unit` for `period` (of the report's frequency). `partials` are
    /// units' partial aggregates of this report and period (`partial`), taken instead of reading
    /// the filling units below them: the table is the same as without them.
    public func table(report: Report, period: Period, unit: Int, rows mode: RowMode = .children,
                      partials: [Int: RowMerge] = [:]) throws(Refusal) -> ReportTable {
        guard period.frequency == report.frequency else {
            throw Refusal(description: "报表 \(report.id) 是\(report.frequency.chinese)报, 报告期 \(period) 不是\(report.frequency.chinese)")
        }
        let target = tree[unit]
        let level = report.filledBy
        guard target.level >= level else {
            throw Refusal(description: "报表 \(report.id) 由\(level.chinese)填报, \(target.name) (\(target.level.chinese)) 没有这张表")
        }
        let inputs = Inputs(self, report: report, period: period)
        func status(_ u: Int) -> FormStatus { values.status(unit: u, month: period.lastMonth) }
        func explanation(_ u: Int) -> String? { values.explanation(unit: u, month: period.lastMonth) }

        if target.level == level {
            let row = ReportTable.Row(unit: target, status: status(unit), explanation: explanation(unit), values: inputs.evaluate(inputs.own(unit)))
            return ReportTable(report: report, period: period, unit: target, rows: [row], total: nil)
        }

        // Each filling unit's inputs are read once and go into its own row, its child's merge and
        // the total as they come, in the order of the tree.
        var totals = inputs.empty
        var rows: [ReportTable.Row] = []
        switch mode {
        case .leaf:
            for u in tree.units(at: level, under: unit) {
                let own = inputs.own(u)
                totals.add(own)
                rows.append(ReportTable.Row(unit: tree[u], status: status(u), explanation: explanation(u), values: inputs.evaluate(own)))
            }
        case .children:
            for child in tree.children[unit] {
                if tree[child].level == level {
                    let own = inputs.own(child)
                    totals.add(own)
                    rows.append(ReportTable.Row(unit: tree[child], status: status(child), explanation: explanation(child),
                                                values: inputs.evaluate(own)))
                } else {
                    let below = inputs.merged(under: child, partials: partials)
                    totals.combine(below)
                    rows.append(ReportTable.Row(unit: tree[child], status: nil, values: inputs.evaluate(below.result)))
                }
            }
        }
        let total = inputs.evaluate(totals.result)
        return ReportTable(report: report, period: period, unit: target, rows: rows, total: total)
    }

    /// The partial aggregate of `report` for `period` over the filling units under `unit` (a
    /// street's, say): kept, it stands for them in `table(… partials:)` of any unit above, until one
    /// of their forms of a month the report reads changes (`Catalog.monthsNeeded`).
    public func partial(report: Report, period: Period, under unit: Int) -> RowMerge {
        Inputs(self, report: report, period: period).merged(under: unit, partials: [:])
    }

    /// A report's inputs (the atoms its columns read) for one period: each filling unit's, time
    /// first, and their merges.
    private struct Inputs {
        let builder: ReportBuilder
        let columns: [CompiledFormula]
        let atoms: [Atom]
        let time: TimeAggregation
        let merges: [MergeRule]
        let direct: [Int?]
        let rowsOfPeriod: [Int: [Value?]]?
        let period: Period
        let level: Level
        let plain: Bool

        init(_ builder: ReportBuilder, report: Report, period: Period) {
            self.builder = builder
            self.period = period
            level = report.filledBy
            var compiler = FormulaCompiler(catalog: builder.catalog)
            columns = report.columns.map { compiler.compile($0.expression) }
            atoms = compiler.atoms
            time = TimeAggregation(catalog: builder.catalog, values: builder.values, level: level)
            merges = atoms.map { builder.catalog.fields[$0.field].merge }
            // Most atoms read a field at the report's own period: take the unit's row once.
            direct = atoms.map { [time] in $0.time == nil && time.frequency(of: $0.field, in: period) == period.frequency ? $0.field : nil }
            rowsOfPeriod = builder.values.rows(period: period)
            // A report whose columns are its inputs in order (plain fields) needs no evaluation.
            plain = columns.enumerated().allSatisfy { i, c in
                if case .atom(let a) = c { return a == i }
                return false
            } && columns.count == atoms.count
        }

        var empty: RowMerge { RowMerge(merges) }

        func own(_ u: Int) -> [Value?] {
            let row = rowsOfPeriod?[u]
            return atoms.indices.map { a in
                direct[a].map { f in row?[f] ?? nil } ?? time.value(unit: u, atom: atoms[a], period: period)
            }
        }

        func evaluate(_ inputs: [Value?]) -> [Value?] { plain ? inputs : columns.map { Evaluator.evaluate($0, inputs) } }

        /// The merge over the filling units under `unit`: a partial where one is given, else its
        /// children's (the filling units themselves at the bottom).
        func merged(under unit: Int, partials: [Int: RowMerge]) -> RowMerge {
            if let p = partials[unit] { return p }
            var m = empty
            if partials.isEmpty {
                for u in builder.tree.units(at: level, under: unit) { m.add(own(u)) }
                return m
            }
            for child in builder.tree.children[unit] {
                if builder.tree[child].level == level { m.add(own(child)) }
                else if builder.tree[child].level > level { m.combine(merged(under: child, partials: partials)) }
            }
            return m
        }
    }
}
