import BBTEngine
import BBTTemplates

/// Who changed what: the values of forms, and the admin's changes (users, units, templates).
public protocol AuditStore: Sendable {
    /// Admin changes (users, units, templates), oldest first.
    func adminAudit() async throws -> [AdminAuditEntry]

    func audit(unit: String?, month: Period?) async throws -> [AuditEntry]
}
