import BBTEngine

/// What filling really costs (减负, measured): per form, the seconds of active editing its saves
/// reported and, once submitted, how its values came to be.
public protocol EffortStore: Sendable {
    /// Adds `seconds` to the form's active time (one statement: concurrent saves both count).
    func addActiveSeconds(unit: String, month: Period, seconds: Int) async throws

    /// The form's counts as of its (latest) submission.
    func setEntryCounts(unit: String, month: Period, counts: EntryCounts) async throws

    /// Every form's effort in `months`, any unit (a city's year is tens of thousands of small rows;
    /// the caller keeps the units it reports on).
    func efforts(months: [Period]) async throws -> [FormEffort]
}

public struct FormEffort: Sendable, Equatable {
    public let unit: String
    public let month: Period
    public let activeSeconds: Int
    /// `nil` until the form is submitted.
    public let counts: EntryCounts?

    public init(unit: String, month: Period, activeSeconds: Int, counts: EntryCounts?) {
        self.unit = unit
        self.month = month
        self.activeSeconds = activeSeconds
        self.counts = counts
    }
}
