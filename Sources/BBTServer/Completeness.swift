import BBTEngine
import BBTStore
import BBTTemplates

/// For an office: each unit below that fills a form in a month, with its form's state, the
/// required fields it has not filled and whether it came in by its deadline; the counts offices
/// report (应报, 已报, 及时, 迟报, 已审核, 退回) for the office and every level between; and each unit's
/// last thirteen months.
struct Completeness {
    struct Row {
        let unit: Int
        let level: Level
        let state: FormState
        let missing: [String]
        /// The day the form is due (`Catalog.formDue`), if any report says.
        let due: LocalDate?
        var punctuality: Punctuality { state.punctuality(due: due) }
    }

    static func rows(_ service: ServiceState, catalog: Catalog, unit: Int, month: Period) async throws -> [Row] {
        var rows: [Row] = []
        for level in catalog.fillingLevels where level < service.tree[unit].level {
            let form = OneForm(catalog: catalog, month: month, level: level)
            guard !form.entries.isEmpty else { continue }
            let due = catalog.formDue(month: month, level: level)
            let units = service.tree.at(month).units(at: level, under: unit)
            let codes = units.map { service.tree[$0].code }
            let states = try await service.store.formStates(units: codes, month: month)
            let stored = try await service.store.values(units: codes, periods: Array(Set(form.entries.map(\.period))))
            var filled = Set<String>()
            for v in stored { filled.insert("\(v.unit) \(v.field) \(v.period)") }
            for (u, code) in zip(units, codes) {
                let missing = FormWorkflow.missing(in: form) { filled.contains("\(code) \($0.field.id) \($0.period)") }
                rows.append(Row(unit: u, level: level, state: states[code] ?? .empty, missing: missing.map(\.field.id), due: due))
            }
        }
        return rows
    }

    /// What an office counts for the units below it in one month.
    struct Tally {
        var expected = 0, submitted = 0, onTime = 0, late = 0, approved = 0, returned = 0

        mutating func add(_ row: Row) {
            expected += 1
            switch row.punctuality {
            case .onTime: submitted += 1; onTime += 1
            case .late: submitted += 1; late += 1
            case .missing: break
            }
            if row.state.status == .approved { approved += 1 }
            if row.state.status == .returned { returned += 1 }
        }

        /// `part` of the expected forms, in percent with one decimal; `nil` when none was expected.
        func rate(_ part: Int) -> Double? {
            expected == 0 ? nil : (Double(part) * 1000 / Double(expected)).rounded() / 10
        }
    }

    /// A tally for `unit` and for every unit under it that has filling units below it, in tree
    /// order: a street sees itself, a district itself and each street.
    static func tallies(_ service: ServiceState, rows: [Row], unit: Int, month: Period) -> [(unit: Int, tally: Tally)] {
        let tree = service.tree.at(month)
        var tallies: [Int: Tally] = [:]
        for row in rows {
            var u: Int? = row.unit
            while let current = u {
                if current != row.unit || current == unit { tallies[current, default: Tally()].add(row) }
                if current == unit { break }
                u = tree[current].parent
            }
        }
        var order: [Int] = []
        var stack = [unit]
        while let u = stack.popLast() {
            if tallies[u] != nil { order.append(u) }
            stack.append(contentsOf: tree.children[u].reversed())
        }
        return order.map { ($0, tallies[$0]!) }
    }

    /// Each row's unit over the thirteen months ending with `month`, oldest first: on time, late or
    /// missing, or `nil` where the unit had no form (not yet set up, closed, nothing due).
    static func strips(_ service: ServiceState, catalog: Catalog, rows: [Row], month: Period) async throws -> [Int: [Punctuality?]] {
        var strips: [Int: [Punctuality?]] = [:]
        let months = month.lastPeriods(13)
        let byLevel = Dictionary(grouping: rows, by: \.level)
        for (level, levelRows) in byLevel {
            let codes = levelRows.map { service.tree[$0.unit].code }
            for m in months {
                let hasForm = !OneForm(catalog: catalog, month: m, level: level).entries.isEmpty
                let states = hasForm ? try await service.store.formStates(units: codes, month: m) : [:]
                let due = catalog.formDue(month: m, level: level)
                for (row, code) in zip(levelRows, codes) {
                    let expected = hasForm && service.tree.exists(row.unit, in: m)
                    strips[row.unit, default: []].append(expected ? (states[code] ?? .empty).punctuality(due: due) : nil)
                }
            }
        }
        return strips
    }
}
