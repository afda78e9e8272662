import BBTEngine
import BBTTemplates

/// Forms and their values: state and version, saves decided by the engine, values read for reports.
public protocol FormStore: Sendable {
    func formState(unit: String, month: Period) async throws -> FormState

    func formStates(units: [String], month: Period) async throws -> [String: FormState]

    /// The latest month whose form is now in one of `statuses`, if any.
    func latestMonth(unit: String, in statuses: [FormStatus]) async throws -> Period?

    /// Persists a decided save in one transaction (one statement on PostgreSQL), only if the stored
    /// version is still `write.expectedVersion`; else nothing is written and the answer is a conflict
    /// with the version stored.
    func save(_ write: FormWrite) async throws -> SaveOutcome

    /// Many decided saves in one transaction, each as `save` would do it (a city's history loaded at
    /// once); their outcomes in order (a conflict stores nothing of its save, the others are stored).
    func saveAll(_ writes: [FormWrite]) async throws -> [SaveOutcome]

    /// The values of the given units stored under one of `periods` (a month's form stores under the
    /// month and every longer period ending with it: `FormWorkflow.storagePeriods`).
    func values(units: [String], periods: [Period]) async throws -> [StoredValue]

    /// The same, only the given fields: a report reads the fields it shows and nothing else of the
    /// years a unit has filled.
    func values(units: [String], periods: [Period], fields: [String]) async throws -> [StoredValue]

    /// How many of `fields` each of `units` has a value for under `period` (units with none left
    /// out): completeness asks whether a form has every required value without reading them.
    func valueCounts(units: [String], period: Period, fields: [String]) async throws -> [String: Int]

    /// What one unit's form of a month is made of, read together: its values under `periods`, what
    /// departments supplied and the community's corrections under `suppliedPeriods` (none when
    /// empty), its state, and the values of `historyFields` under `historyPeriods` that rules with
    /// time functions read (none when either is empty). A save reads this before deciding; on
    /// PostgreSQL it is one round trip.
    func formSnapshot(unit: String, month: Period, periods: [Period], suppliedPeriods: [Period],
                      historyFields: [String], historyPeriods: [Period]) async throws -> FormSnapshot

    /// How many values are stored under each of `fields` (any unit, any period): what a template
    /// version without those fields would no longer show.
    func storedValueCounts(fields: [String]) async throws -> [String: Int]
}

extension FormStore {
    /// A save that no snapshot was read for (a review step, a seed's correction, a test): reads the
    /// form's state and the values and corrections it replaces, decides (`FormWrite`) and persists.
    public func save(_ save: FormSave) async throws -> SaveOutcome {
        let snapshot = try await formSnapshot(unit: save.unit, month: save.month, periods: Array(Set(save.values.map(\.period))),
                                              suppliedPeriods: Array(Set(save.corrections.map(\.period))))
        let (stored, corrected) = snapshot.lookup
        guard let write = FormWrite(save, current: snapshot.state, stored: stored, corrected: corrected) else {
            return .conflict(current: snapshot.state.version)
        }
        return try await self.save(write)
    }

    /// A form's snapshot without history (a form shown, not saved).
    public func formSnapshot(unit: String, month: Period, periods: [Period], suppliedPeriods: [Period]) async throws -> FormSnapshot {
        try await formSnapshot(unit: unit, month: month, periods: periods, suppliedPeriods: suppliedPeriods, historyFields: [], historyPeriods: [])
    }
}
