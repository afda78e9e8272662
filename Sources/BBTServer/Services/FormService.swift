import BBTEngine
import BBTStore

/// The one form of a unit for a month: read, edited (saved or submitted) and reviewed. What may
/// happen is decided by `FormWorkflow`; this service loads what it decides on and stores what it
/// decides, so the API and the pages share one path.
struct FormService {
    let state: ServiceState

    /// The form as its reader sees it; 403 unless `user` may read the unit. `withHistory` adds the
    /// values its rules with time functions read (a page shows which checks need a 上报说明).
    func form(unit: Int, month: Period, for user: UserRecord, withHistory: Bool = false) async throws -> FormData {
        try state.requireRead(user, unit: unit)
        return try await FormData.load(state, unit: unit, month: month, forSave: withHistory)
    }

    /// The month `unit` works on (`FormWorkflow.workingMonth`).
    func workingMonth(unit code: String) async throws -> Period {
        let locked = try await state.store.latestMonth(unit: code, in: FormStatus.allCases.filter(FormWorkflow.isLocked))
        return FormWorkflow.workingMonth(lastLocked: locked, current: state.clock.currentMonth())
    }

    /// The most one save may add to a form's active time: a tab left open over lunch is not work.
    static let maxActiveSeconds = 900

    /// A save or submit by `user`: the step the workflow decided and the form's new version. The
    /// save's `activeSeconds` (capped) add to the form's measured time; a submission counts how its
    /// values came to be (typed, checked, carried).
    func edit(_ edit: FormEdit, unit: Int, month: Period, by user: UserRecord,
              activeSeconds: Int = 0) async throws -> (step: FormStep, version: Int) {
        let actor = state.actor(user, on: unit)
        guard FormWorkflow.may(actor, .save) else { throw APIError.forbidden }
        let data = try await FormData.load(state, unit: unit, month: month, forSave: true)
        let history = data.history
        let step = try FormWorkflow.edit(edit, form: data.form, catalog: data.catalog, state: data.state, stored: data.stored,
                                         provided: data.provided, reasons: data.reasons,
                                         by: actor, rules: data.rules) { history["\($0)@\($1)"] }.orThrowAPIError()
        let (stored, corrected) = data.snapshot.lookup
        let version = try await store(step, unit: unit, month: month, expectedVersion: edit.version, user: user,
                                      against: data.state, stored: stored, corrected: corrected)
        let code = state.tree[unit].code
        if activeSeconds > 0 {
            try await state.store.addActiveSeconds(unit: code, month: month, seconds: min(activeSeconds, FormService.maxActiveSeconds))
        }
        if edit.submit, step.status == .submitted {
            var after: [String: Value] = [:]
            for v in data.snapshot.values { after["\(v.field)@\(v.period)"] = v.value }
            for c in step.changes { after["\(c.field)@\(c.period)"] = c.value }
            let counts = data.form.entryCounts({ after["\($0)@\($1)"] }, provided: data.provided.mapValues(\.value))
            try await state.store.setEntryCounts(unit: code, month: month, counts: counts)
        }
        return (step, version)
    }

    /// Approve or return (with a reason) by a reviewer above the unit.
    func review(_ action: FormAction, reason: String?, unit: Int, month: Period, by user: UserRecord) async throws -> (step: FormStep, version: Int) {
        let actor = state.actor(user, on: unit)
        guard FormWorkflow.may(actor, action) else { throw APIError.forbidden }
        let current = try await state.store.formState(unit: state.tree[unit].code, month: month)
        let step = try FormWorkflow.review(action, state: current, by: actor, reason: reason).orThrowAPIError()
        // A review step changes no value: the state it was decided on is all it needs.
        let version = try await store(step, unit: unit, month: month, expectedVersion: current.version, user: user,
                                      against: current, stored: { _, _ in nil }) { .changedDuringReview(current: $0) }
        return (step, version)
    }

    /// Decides the write of a step against what the store held when the form was read, and stores it
    /// in one transaction; 409 when someone saved in between (before the read or after it).
    private func store(_ step: FormStep, unit: Int, month: Period, expectedVersion: Int, user: UserRecord,
                       against current: FormState, stored: (String, Period) -> Value?, corrected: Set<String> = [],
                       conflict: (Int) -> FormRefusal = { .versionConflict(current: $0) }) async throws -> Int {
        let save = FormSave(
            unit: state.tree[unit].code, month: month, expectedVersion: expectedVersion, values: step.changes,
            status: step.status, user: user.username, at: state.clock.instant(), reason: step.reason,
            corrections: step.corrections, explanation: step.explanation)
        guard let write = FormWrite(save, current: current, stored: stored, corrected: corrected) else {
            throw APIError(conflict(current.version))
        }
        switch try await state.store.save(write) {
        case .conflict(let current): throw APIError(conflict(current))
        case .saved(let version): return version
        }
    }
}
