import BBTEngine
import BBTTemplates

/// Everything the service keeps, behind one protocol so that a PostgreSQL store can follow the
/// SQLite one without touching the engine or the routes. Values are keyed by field ID and period,
/// so a template change never loses data.
public protocol Store: Sendable {
    /// `true` when no unit has been stored yet (a new database, to be seeded).
    func isEmpty() async throws -> Bool
    /// Runs `body` while no other server on this store runs its own `exclusively`: a new database is
    /// published to and seeded once, however many servers start on it together.
    func exclusively<R: Sendable>(_ body: () async throws -> R) async throws -> R

    /// Replaces the units with `tree`'s, with the months each exists in (`tree.spans`).
    func replaceUnits(_ units: [OrgUnit], tree: UnitTree) async throws
    /// Units with their parent's code and their months, in insertion order.
    func units() async throws -> [StoredUnit]
    /// Renames and moves, in the order they were made.
    func unitChanges() async throws -> [StoredUnitChange]
    /// Adds a unit with its audit row; `false` (nothing stored) when the code is taken.
    func addUnit(_ unit: StoredUnit, audit: AdminAuditEntry) async throws -> Bool
    /// Records a rename or move from a month, with its audit row.
    func changeUnit(_ change: StoredUnitChange, audit: AdminAuditEntry) async throws
    /// Sets the last month a unit exists in (`nil`: open again), with its audit row. Values stay.
    func closeUnit(code: String, until: String?, audit: AdminAuditEntry) async throws
    /// A new units file applied from a month, in one transaction: units added, renamed or moved,
    /// closed; one audit row for the whole.
    func applyUnits(adding: [StoredUnit], changing: [StoredUnitChange], closing: [String], until: String,
                    audit: AdminAuditEntry) async throws

    /// Seeds a user (the demo's users.csv): not audited, its password not temporary.
    func upsertUser(_ user: UserRecord) async throws
    func user(named username: String) async throws -> UserRecord?
    /// Every user, by username.
    func users() async throws -> [UserRecord]
    /// Adds a user and its audit row in one transaction; `false` (nothing stored) when the name is taken.
    func createUser(_ user: UserRecord, audit: AdminAuditEntry) async throws -> Bool
    /// Replaces a user's record and writes its audit row in one transaction; a disabled user's
    /// sessions, and on a password change every other session of the user, end with it.
    /// `false` when there is no such user.
    func updateUser(_ user: UserRecord, audit: AdminAuditEntry, keepSession: String?) async throws -> Bool
    /// Admin changes (users, units, templates), oldest first.
    func adminAudit() async throws -> [AdminAuditEntry]

    func createSession(token: String, username: String, expires: String) async throws
    /// The user of a live session (`now` in the same ISO form as `expires`), in one read: every
    /// authenticated request asks it.
    func sessionUser(token: String, now: String) async throws -> UserRecord?
    func deleteSession(token: String) async throws

    func latestTemplates() async throws -> TemplateVersion?
    func templateHistory() async throws -> [(version: Int, publishedAt: String, publishedBy: String)]
    @discardableResult
    func publishTemplates(files: [String: String], by user: String, at: String) async throws -> Int

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
    func audit(unit: String?, month: Period?) async throws -> [AuditEntry]

    /// Stores a department's values in one transaction: a value equal to the one stored before is
    /// `unchanged`; a new or changed one is stored with an audit row; where the unit's form already
    /// holds a different value, that is a conflict and the form's value stays.
    func provide(_ batch: ProvideBatch) async throws -> ProvideOutcome
    /// What departments supplied for the given units, under one of `periods`.
    func providedValues(units: [String], periods: [Period]) async throws -> [StoredProvided]
    /// What one source supplied for any unit, under one of `periods`.
    func providedValues(source: String, periods: [Period]) async throws -> [StoredProvided]
    /// The communities' reasons for differing from supplied values, for the given units and periods.
    func corrections(units: [String], periods: [Period]) async throws -> [StoredCorrection]
    /// How many values are stored under each of `fields` (any unit, any period): what a template
    /// version without those fields would no longer show.
    func storedValueCounts(fields: [String]) async throws -> [String: Int]

    // What one process would otherwise keep in memory, kept here so that several servers on one
    // database are one service.

    /// Failed log-ins of `username` at or after `since` (ISO instants), oldest first.
    func loginFailures(username: String, since: String) async throws -> [String]
    /// Records a failed log-in; failures of any user before `forgetBefore` go with it, so that a flood
    /// of made-up names cannot grow the table without bound.
    func recordLoginFailure(username: String, at: String, forgetBefore: String) async throws
    /// Forgets `username`'s failed log-ins (after a successful one).
    func clearLoginFailures(username: String) async throws
    /// What tells one server that another changed what every server holds in memory: the latest
    /// template version and the latest admin change (users, units, templates).
    func changeMarks() async throws -> ChangeMarks
}

extension Store {
    /// A form's snapshot without history (a form shown, not saved).
    public func formSnapshot(unit: String, month: Period, periods: [Period], suppliedPeriods: [Period]) async throws -> FormSnapshot {
        try await formSnapshot(unit: unit, month: month, periods: periods, suppliedPeriods: suppliedPeriods, historyFields: [], historyPeriods: [])
    }
}

/// See `Store.changeMarks()`: a server compares them with the ones it last saw.
public struct ChangeMarks: Sendable, Equatable {
    public let templateVersion: Int?
    public let adminChange: Int
    public init(templateVersion: Int?, adminChange: Int) {
        self.templateVersion = templateVersion
        self.adminChange = adminChange
    }
}
