import BBTEngine
import BBTStore
import BBTTemplates

/// What filling really costs, measured on the forms (`MeasuredBurden`): month by month for the
/// filling units below an office. An admin anywhere; a reviewer for its own subtree.
struct BurdenService {
    let state: ServiceState

    func months(_ months: [Period], unit: Int, for user: UserRecord) async throws -> [MeasuredBurden] {
        guard state.actor(user, on: unit).mayReview else { throw APIError.forbidden }
        let catalog = await state.templates().catalog
        let level = catalog.lowestFillingLevel
        let tree = state.tree
        let efforts = Dictionary(grouping: try await state.store.efforts(months: months), by: \.month)
        var out: [MeasuredBurden] = []
        for month in months {
            let units = tree.units(at: level, under: unit).filter { tree.exists($0, in: month) }.map { tree[$0].code }
            let states = try await state.store.formStates(units: units, month: month)
            let submitted = Set(units.filter { states[$0].map { FormWorkflow.isLocked($0.status) } ?? false })
            let own = (efforts[month] ?? []).filter { submitted.contains($0.unit) }
            out.append(MeasuredBurden(month: month, forms: units.count, submitted: submitted.count,
                                      submittedSeconds: own.map(\.activeSeconds).filter { $0 > 0 }, counts: own.compactMap(\.counts),
                                      manualBaseline: MeasuredBurden.manualBaseline(catalog, month: month, level: level)))
        }
        return out
    }
}
