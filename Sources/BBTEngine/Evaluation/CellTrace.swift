import BBTTemplates

/// Where one number of a report comes from (the drill-down): the column's expression, the merged
/// inputs it was evaluated on, and every filling unit's own inputs under the row.
public struct CellTrace: Sendable {
    public struct Contribution: Sendable {
        public let unit: OrgUnit
        public let status: FormStatus
        public let explanation: String?
        /// The unit's inputs for the period, in the order of `CellTrace.inputs` (empty ones `nil`).
        public let values: [Value?]
        /// The column evaluated on this unit's inputs alone.
        public let value: Value?
    }

    /// What the expression reads: a field, through a time function or not.
    public struct Input: Sendable {
        public let field: String
        public let time: TimeFunction?
        /// Merged over the row's filling units, by the field's merge rule.
        public let value: Value?
        /// As the expression writes it: `pop_resident`, `ytd(relief_amount)`.
        public var name: String { time.map { "\($0.rawValue)(\(field))" } ?? field }
    }

    public let column: Column
    /// The cell as the report shows it.
    public let value: Value?
    /// The column's expression with computed indicators written out: every name in it is an input.
    public let expression: String
    public let inputs: [Input]
    public let contributions: [Contribution]
}

extension ReportBuilder {
    public enum CellRow: Sendable, Equatable {
        /// The 合计 row: every filling unit under the report's unit.
        case total
        /// The row of this unit (the report's own unit, or one below it).
        case unit(Int)
    }

    /// The drill-down of one cell of `report` of `unit` for `period`: computed the way `table`
    /// computes the cell, from each filling unit's inputs, merged and then evaluated, so that the
    /// trace's value is the table's. `nil` when the column key or the row is not in the report.
    /// `period` may be of any frequency (a unit's monthly line under a quarterly report); callers
    /// that answer a report's own cell check it is the report's.
    public func trace(report: Report, period: Period, unit: Int, row: CellRow, column key: String) -> CellTrace? {
        guard let column = report.columns.first(where: { $0.key == key }) else { return nil }
        let level = report.filledBy
        let top: Int
        switch row {
        case .total:
            guard tree[unit].level > level else { return nil }
            top = unit
        case .unit(let u):
            guard tree.isWithin(u, unit), tree[u].level >= level else { return nil }
            top = u
        }
        var compiler = FormulaCompiler(catalog: catalog)
        let formula = compiler.compile(column.expression)
        let atoms = compiler.atoms
        let time = TimeAggregation(catalog: catalog, values: values, level: level)
        var merged = RowMerge(atoms.map { catalog.fields[$0.field].merge })
        var contributions: [CellTrace.Contribution] = []
        for u in tree.units(at: level, under: top) {
            let inputs = atoms.map { time.value(unit: u, atom: $0, period: period) }
            merged.add(inputs)
            contributions.append(CellTrace.Contribution(
                unit: tree[u], status: values.status(unit: u, month: period.lastMonth),
                explanation: values.explanation(unit: u, month: period.lastMonth), values: inputs,
                value: Evaluator.evaluate(formula, inputs)))
        }
        let inputs = merged.result
        return CellTrace(column: column, value: Evaluator.evaluate(formula, inputs),
                         expression: column.expression.source(inlining: catalog),
                         inputs: zip(atoms, inputs).map { CellTrace.Input(field: catalog.fields[$0.field].id, time: $0.time, value: $1) },
                         contributions: contributions)
    }
}
