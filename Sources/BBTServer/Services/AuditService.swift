import BBTEngine
import BBTStore

/// The audit trails: who changed which value, when, from what to what (offices, of the units they
/// may read), and who changed users, units and templates (admins).
struct AuditService {
    let state: ServiceState

    /// Changes to forms, of `unit` (a code; `nil`: every unit) and `month` (`nil`: every month),
    /// each kept only if `user` may read its unit; 403 without the audit right or for a unit `user`
    /// may not read, 404 for a unit the tree does not have.
    func entries(unit code: String?, month: Period?, for user: UserRecord) async throws -> [AuditEntry] {
        try state.require(.readAudit, of: user)
        if let code { try state.requireRead(user, unit: try state.unit(code)) }
        let tree = state.tree
        let home = tree.index(of: user.unit)
        // A day of a district repeats a few hundred units: each is decided once.
        var mayRead: [String: Bool] = [:]
        return try await state.store.audit(unit: code, month: month).filter { e in
            if let known = mayRead[e.unit] { return known }
            let allowed: Bool
            if let u = tree.index(of: e.unit) {
                allowed = Actor(role: user.role, relation: tree.relation(of: u, from: home)).mayRead
            } else {
                allowed = Actor.mayReadOrphanedAudit(user.role)
            }
            mayRead[e.unit] = allowed
            return allowed
        }
    }

    /// Changes to users, units and templates; 403 unless `user` may read them.
    func adminEntries(for user: UserRecord) async throws -> [AdminAuditEntry] {
        try state.require(.readAdminAudit, of: user)
        return try await state.store.adminAudit()
    }
}
