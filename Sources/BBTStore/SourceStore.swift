import BBTEngine
import BBTTemplates

/// Department data (数据回流): what departments supplied and the communities' corrections.
public protocol SourceStore: Sendable {
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
}
