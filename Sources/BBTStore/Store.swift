import BBTEngine
import BBTTemplates

/// Everything the service keeps, behind protocols cut by aspect (units, users and sessions, forms,
/// sources, templates, audit) so that SQLite and PostgreSQL follow one contract without touching
/// the engine or the routes. This module links no database driver. Values are keyed by field ID and
/// period, so a template change never loses data.
public protocol Store: UnitStore, UserStore, FormStore, SourceStore, TemplateStore, AuditStore, RequestStore, EffortStore, ReminderStore {
    /// `true` when no unit has been stored yet (a new database, to be seeded).
    func isEmpty() async throws -> Bool

    /// Runs `body` while no other server on this store runs its own `exclusively`: a new database is
    /// published to and seeded once, however many servers start on it together.
    func exclusively<R: Sendable>(_ body: () async throws -> R) async throws -> R

    /// What tells one server that another changed what every server holds in memory: the latest
    /// template version and the latest admin change (users, units, templates).
    func changeMarks() async throws -> ChangeMarks
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
