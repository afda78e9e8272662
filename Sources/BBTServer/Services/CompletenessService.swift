import BBTEngine
import BBTStore
import BBTTemplates

/// For an office: each unit below that fills a form in a month, with its form's state, the required
/// fields it has not filled and whether it came in by its deadline; the tallies for the office and
/// every level between (`Completeness`, pure); and each unit's last thirteen months.
struct CompletenessService {
    let state: ServiceState

    /// The office's view: 403 unless `user` reviews `unit`.
    func require(_ user: UserRecord, reviews unit: Int) throws {
        guard state.actor(user, on: unit).mayReview else { throw APIError.forbidden }
    }

    /// Each filling unit's row below `unit`. A form's missing fields are read again only when its
    /// version has changed since they were last found (`MissingFields`), and then only its required
    /// fields' values.
    func rows(_ published: Published, unit: Int, month: Period) async throws -> [Completeness.Row] {
        let catalog = published.catalog
        var rows: [Completeness.Row] = []
        for level in catalog.fillingLevels where level < state.tree[unit].level {
            let form = OneForm(catalog: catalog, month: month, level: level)
            guard !form.entries.isEmpty else { continue }
            let due = catalog.formDue(month: month, level: level)
            let units = state.tree.at(month).units(at: level, under: unit)
            let codes = units.map { state.tree[$0].code }
            let states = try await state.reading { try await $0.formStates(units: codes, month: month) }
            let key = { (code: String) in MissingFields.Key(templates: published.version, month: month, unit: code) }
            var missing: [String: [String]] = [:]
            var stale: [String] = []
            for code in codes {
                if state.keepPartials, let kept = state.missingFields.missing(key(code), version: states[code]?.version ?? 0) {
                    missing[code] = kept
                } else {
                    stale.append(code)
                }
            }
            for (code, found) in try await unfilled(stale, in: form) {
                missing[code] = found
                state.missingFields.keep(key(code), version: states[code]?.version ?? 0, missing: found)
            }
            for (u, code) in zip(units, codes) {
                rows.append(.init(unit: u, level: level, state: states[code] ?? .empty, missing: missing[code] ?? [], due: due))
            }
        }
        return rows
    }

    /// The required fields each of `codes` lacks in `form`. Forms that have every required value
    /// are told by counting (most of a province's, the first time); only the others' values are
    /// read, a few thousand forms at a time.
    private func unfilled(_ codes: [String], in form: OneForm) async throws -> [String: [String]] {
        guard !codes.isEmpty else { return [:] }
        let required = form.entries.filter { !$0.field.optional }
        var incomplete = Set<String>()
        for (period, entries) in Dictionary(grouping: required, by: \.period) {
            let ids = Array(Set(entries.map(\.field.id)))
            let counts = try await state.reading { try await $0.valueCounts(units: codes, period: period, fields: ids) }
            for code in codes where counts[code, default: 0] < ids.count { incomplete.insert(code) }
        }
        var out = Dictionary(uniqueKeysWithValues: codes.filter { !incomplete.contains($0) }.map { ($0, [String]()) })
        let detailed = codes.filter { incomplete.contains($0) }
        let periods = Array(Set(required.map(\.period))), fields = Array(Set(required.map(\.field.id)))
        for start in stride(from: 0, to: detailed.count, by: 2_000) {
            let read = Array(detailed[start..<min(start + 2_000, detailed.count)])
            let stored = try await state.reading { try await $0.values(units: read, periods: periods, fields: fields) }
            var filled: [String: Set<FieldAtPeriod>] = [:]
            for v in stored { filled[v.unit, default: []].insert(FieldAtPeriod(field: v.field, period: v.period)) }
            for code in read {
                let has = filled[code] ?? []
                out[code] = FormWorkflow.missing(in: form) { has.contains(FieldAtPeriod(field: $0.field.id, period: $0.period)) }.map(\.field.id)
            }
        }
        return out
    }

    private struct FieldAtPeriod: Hashable {
        let field: String
        let period: Period
    }

    func tallies(_ rows: [Completeness.Row], unit: Int, month: Period) -> [(unit: Int, tally: Completeness.Tally)] {
        Completeness.tallies(rows, unit: unit, tree: state.tree.at(month))
    }

    /// Each row's unit over the thirteen months ending with `month`, oldest first: on time, late or
    /// missing, or `nil` where the unit had no form (not yet set up, closed, nothing due, or before any of
    /// its level's units used the service).
    func strips(catalog: Catalog, rows: [Completeness.Row], month: Period) async throws -> [Int: [Punctuality?]] {
        var strips: [Int: [Punctuality?]] = [:]
        let months = month.lastPeriods(13)
        let byLevel = Dictionary(grouping: rows, by: \.level)
        for (level, levelRows) in byLevel {
            let codes = levelRows.map { state.tree[$0.unit].code }
            // Months before any of these units saved a form: the system was not used yet, not 未报.
            var used = false
            for m in months {
                let hasForm = !OneForm(catalog: catalog, month: m, level: level).entries.isEmpty
                let states = hasForm ? try await state.reading { try await $0.formStates(units: codes, month: m) } : [:]
                used = used || states.values.contains { $0.version > 0 }
                let due = catalog.formDue(month: m, level: level)
                for (row, code) in zip(levelRows, codes) {
                    let expected = used && hasForm && state.tree.exists(row.unit, in: m)
                    strips[row.unit, default: []].append(expected ? (states[code] ?? .empty).punctuality(due: due) : nil)
                }
            }
        }
        return strips
    }
}
