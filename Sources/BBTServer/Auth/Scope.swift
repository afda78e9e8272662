import BBTEngine
import BBTStore

/// Which units a user may reach: a filler their own; a reviewer theirs and everything below; an admin all.
struct Scope {
    let tree: UnitTree

    func canRead(_ user: UserRecord, unit: Int) -> Bool {
        switch user.role {
        case .admin: return true
        case .filler: return tree.index(of: user.unit) == unit
        case .reviewer:
            guard let home = tree.index(of: user.unit) else { return false }
            return tree.isWithin(unit, home)
        }
    }

    /// Filling a form: only a filler of that very unit.
    func canFill(_ user: UserRecord, unit: Int) -> Bool {
        user.role == .filler && tree.index(of: user.unit) == unit
    }

    /// Approving or returning: a reviewer of a unit above this one (not the unit's own office).
    func canReview(_ user: UserRecord, unit: Int) -> Bool {
        guard user.role == .reviewer, let home = tree.index(of: user.unit), home != unit else { return false }
        return tree.isWithin(unit, home)
    }
}
