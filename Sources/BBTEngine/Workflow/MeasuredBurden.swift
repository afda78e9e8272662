import BBTTemplates

/// One month of what filling really cost the filling units below an office (减负, measured): over
/// the forms submitted, the minutes of active editing (median and 90th percentile) and how their
/// values came (typed, checked, carried, per form), against what the reports due with the month's
/// form would cost one community filled by hand.
public struct MeasuredBurden: Sendable, Equatable {
    public let month: Period
    public let forms: Int
    public let submitted: Int
    /// Over submitted forms whose saves reported active time; `nil` when none did.
    public let medianMinutes: Double?
    public let p90Minutes: Double?
    /// Means per submitted form with counts; `nil` when none has them.
    public let perForm: (typed: Double, checked: Double, carried: Double)?
    public let manualBaseline: Int

    public static func == (a: MeasuredBurden, b: MeasuredBurden) -> Bool {
        a.month == b.month && a.forms == b.forms && a.submitted == b.submitted && a.medianMinutes == b.medianMinutes
            && a.p90Minutes == b.p90Minutes && a.perForm?.typed == b.perForm?.typed && a.perForm?.checked == b.perForm?.checked
            && a.perForm?.carried == b.perForm?.carried && a.manualBaseline == b.manualBaseline
    }

    /// `submittedSeconds`: the active seconds of each submitted form that has any; `counts` those of
    /// each submitted form counted.
    public init(month: Period, forms: Int, submitted: Int, submittedSeconds: [Int], counts: [EntryCounts], manualBaseline: Int) {
        self.month = month
        self.forms = forms
        self.submitted = submitted
        let minutes = submittedSeconds.sorted().map { Double($0) / 60 }
        medianMinutes = MeasuredBurden.quantile(minutes, 0.5)
        p90Minutes = MeasuredBurden.quantile(minutes, 0.9)
        if counts.isEmpty {
            perForm = nil
        } else {
            let n = Double(counts.count)
            func mean(_ f: (EntryCounts) -> Int) -> Double { (Double(counts.reduce(0) { $0 + f($1) }) / n * 10).rounded() / 10 }
            perForm = (mean(\.typed), mean(\.checked), mean(\.carried))
        }
        self.manualBaseline = manualBaseline
    }

    /// Linear interpolation between closest ranks (what spreadsheets' PERCENTILE does), to 0.1.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        let value = sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
        return (value * 10).rounded() / 10
    }

    /// What the reports due with `month`'s form cost one unit of `level` filled by hand: each report
    /// it fills whose period ends with the month, valid then, its figures once (dsl.md, `manualEntries`).
    public static func manualBaseline(_ catalog: Catalog, month: Period, level: Level) -> Int {
        catalog.reports.filter { r in
            r.filledBy == level && r.validity(at: month) != .expired && month.containing(r.frequency).lastMonth == month
        }.reduce(0) { $0 + $1.figures.count }
    }
}
