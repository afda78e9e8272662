import BBTEngine
import BBTTemplates

/// Forms and their values: state and version, saves decided by the engine, values read for reports.
public protocol FormStore: Sendable {
    func formState(unit: String, month: Period) async throws -> FormState

    func formStates(units: [String], month: Period) async throws -> [String: FormState]

    /// The latest month whose form is now in one of `statuses`, if any.
    func latestMonth(unit: String, in statuses: [FormStatus]) async throws -> Period?

    /// Saves values and status in one transaction, only if the stored version is `expectedVersion`;
    /// every value that changes gets an audit entry.
    func save(_ save: FormSave) async throws -> SaveOutcome

    /// Many saves in one transaction, each as `save` would do it (a city's history loaded at once);
    /// their outcomes in order (a conflict stores nothing of its save, the others are stored).
    func saveAll(_ saves: [FormSave]) async throws -> [SaveOutcome]

    /// The values of the given units stored under one of `periods` (a month's form stores under the
    /// month and every longer period ending with it: `FormWorkflow.storagePeriods`).
    func values(units: [String], periods: [Period]) async throws -> [StoredValue]

    /// The same, only the given fields: a report reads the fields it shows and nothing else of the
    /// years a unit has filled.
    func values(units: [String], periods: [Period], fields: [String]) async throws -> [StoredValue]

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
