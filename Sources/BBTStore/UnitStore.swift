import BBTEngine
import BBTTemplates

/// The unit tree over time: units with their months, renames and moves, closings.
public protocol UnitStore: Sendable {
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
    func closeUnit(code: String, until: Month?, audit: AdminAuditEntry) async throws

    /// A new units file applied from a month, in one transaction: units added, renamed or moved,
    /// closed; one audit row for the whole.
    func applyUnits(adding: [StoredUnit], changing: [StoredUnitChange], closing: [String], until: Month,
                    audit: AdminAuditEntry) async throws
}
