import BBTEngine
import BBTStore
import BBTTemplates

/// A department's source (数据回流) as a user may reach it: its provider uploads values and reads the
/// corrections, an admin reads them; anyone else is refused. The upload is checked all or nothing by
/// `Supply` and stored by `Upload`; the way back is `Corrections`.
struct SourceService {
    let state: ServiceState

    /// The source `id` for `user` doing `action`: 403 without the right, 404 for a source the
    /// published templates do not declare.
    func source(_ id: String, for user: UserRecord, to action: SourceAccess.Action) async throws -> (DataSource, Catalog) {
        guard SourceAccess.may(action, role: user.role, ownSource: user.source, source: id) else { throw APIError.forbidden }
        let catalog = await state.templates().catalog
        guard let source = catalog.source(id) else { throw APIError.notFound("没有数据来源 \(id)") }
        return (source, catalog)
    }

    /// An upload by `user` to source `id`, its rows as read from the body: stored in one transaction,
    /// or refused with every row named (403 outside the provider's rights, 422 invalid).
    func upload(_ rows: Result<Supply.Table, Supply.Refusal>, to id: String, by user: UserRecord) async throws -> (ProvideOutcome, Catalog) {
        let (source, catalog) = try await self.source(id, for: user, to: .upload)
        let outcome = try await Upload.store(rows, source: source.id, user: user.username, unit: user.unit, catalog: catalog,
                                             tree: state.tree, into: state.store, at: state.clock.instant())
            .mapError(APIError.init).get()
        return (outcome, catalog)
    }

    /// Every value of `month` (under any period its form stores) where a community's differs from
    /// what source `id` supplied, for `user`: the corrections with their reasons, and the conflicts.
    func corrections(of id: String, month: Period, for user: UserRecord) async throws -> (DataSource, Catalog, [Corrections.Difference]) {
        let (source, catalog) = try await self.source(id, for: user, to: .read)
        return (source, catalog, try await SourceService.differences(state, source: source.id, month: month))
    }

    /// The differences of one source in one month; no permission asked (the caller has).
    static func differences(_ state: ServiceState, source: String, month: Period) async throws -> [Corrections.Difference] {
        let periods = FormWorkflow.storagePeriods(of: month)
        let provided = try await state.store.providedValues(source: source, periods: periods)
        let units = Array(Set(provided.map(\.unit))).sorted()
        var saved: [Corrections.Key: Value] = [:]
        for v in try await state.store.values(units: units, periods: periods) {
            saved[Corrections.Key(unit: v.unit, field: v.field, period: v.period)] = v.value
        }
        var reasons: [Corrections.Key: Corrections.Reason] = [:]
        for c in try await state.store.corrections(units: units, periods: periods) {
            reasons[Corrections.Key(unit: c.unit, field: c.field, period: c.period)] = Corrections.Reason(reason: c.reason, by: c.user, at: c.at)
        }
        return Corrections.differences(supplied: provided.map { (Corrections.Key(unit: $0.unit, field: $0.field, period: $0.period), $0.value) },
                                       saved: saved, reasons: reasons)
    }

    /// A unit's name in `month`, as the department knew it then; `nil` for a code the tree never had.
    static func unitName(_ tree: UnitTree, _ code: String) -> String? {
        tree.index(of: code).map { tree[$0].name }
    }
}
