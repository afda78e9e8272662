import BBTEngine
import BBTStore
import BBTTemplates
import Foundation

/// Partial aggregates kept between reports (issue 26): for a report, a period and a unit just above
/// the filling level (a street, for reports filled by communities), its filling units' inputs
/// merged (`ReportBuilder.partial`). A partial stands for its units while the versions of their
/// forms of the months the report reads are those it was built from: every save and review step
/// raises a form's version, so one narrow read of versions (a row per form, not a value per field)
/// says which partials are stale, and only the stale streets' values are read. Nothing is written
/// on a save — no row that every save of a city updates — and every server sharing the store
/// judges staleness from the store, so one server's save is never hidden by another's partial.
final class PartialReports: @unchecked Sendable {
    struct Key: Hashable {
        let templates: Int
        let report: String
        let period: Period
        let unit: String
    }

    private struct Entry {
        let fingerprint: Int
        let partial: RowMerge
    }

    private let lock = NSLock()
    private var kept: [Key: Entry] = [:]
    /// Partials are small (a merge state per input); beyond this many, start again.
    static let limit = 200_000

    /// The merged (children) table of `report` for `unit`, reading only the values of the units
    /// whose partial is missing or stale. Versions and values come from one store, versions first:
    /// values read after them are as new or newer, so a partial is never kept under versions newer
    /// than its values (the standby and the primary mixed could do that).
    /// Only the reads run inside `reading`: a report the engine refuses is not the standby's fault.
    func table(_ state: ServiceState, catalog: Catalog, version: Int, report: Report, period: Period, unit: Int) async throws -> ReportTable {
        let (builder, partials) = try await state.reading { store in
            try await self.inputs(state, catalog: catalog, version: version, report: report, period: period, unit: unit, store: store)
        }
        return try builder.table(report: report, period: period, unit: unit, rows: .children, partials: partials)
    }

    /// The values of the units behind no fresh partial, and every street's partial (kept or made now).
    private func inputs(_ state: ServiceState, catalog: Catalog, version: Int, report: Report, period: Period, unit: Int,
                        store: any Store) async throws -> (ReportBuilder, [Int: RowMerge]) {
        let tree = state.tree.at(period)
        let level = report.filledBy
        guard let above = Level.allCases.filter({ $0 > level }).min(), tree[unit].level > above else {
            let values = try await ReportData.load(state, catalog: catalog, due: [(report, period)], unit: unit, store: store)
            return (ReportBuilder(catalog: catalog, tree: tree, values: values), [:])
        }
        let groups = tree.units(at: above, under: unit)
        let months = catalog.monthsNeeded(report, for: period).filter { $0.frequency == .month }.sorted()
        let fillers = tree.units(at: level, under: unit)
        let codes = fillers.map { tree[$0].code }
        var versions: [String: [Int]] = [:]
        for m in months {
            let states = try await store.formStates(units: codes, month: m)
            for code in codes { versions[code, default: []].append(states[code]?.version ?? 0) }
        }
        var partials: [Int: RowMerge] = [:]
        var stale: [(group: Int, key: Key, fingerprint: Int)] = []
        var read = Set(fillers)
        for g in groups {
            var hasher = Hasher()
            let members = tree.units(at: level, under: g)
            for u in members {
                hasher.combine(tree[u].code)
                hasher.combine(versions[tree[u].code] ?? [])
            }
            let fingerprint = hasher.finalize()
            let key = Key(templates: version, report: report.id, period: period, unit: tree[g].code)
            if let entry = lock.withLock({ kept[key] }), entry.fingerprint == fingerprint {
                partials[g] = entry.partial
                read.subtract(members)
            } else {
                stale.append((g, key, fingerprint))
            }
        }
        let values = try await ReportData.load(state, catalog: catalog, due: [(report, period)], unit: unit, only: read, store: store)
        let builder = ReportBuilder(catalog: catalog, tree: tree, values: values)
        for s in stale {
            let partial = builder.partial(report: report, period: period, under: s.group)
            partials[s.group] = partial
            lock.withLock {
                if kept.count >= PartialReports.limit { kept.removeAll(keepingCapacity: true) }
                kept[s.key] = Entry(fingerprint: s.fingerprint, partial: partial)
            }
        }
        return (builder, partials)
    }

    /// How many partials are kept (for tests and the benchmark).
    var count: Int { lock.withLock { kept.count } }
}
