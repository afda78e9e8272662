import BBTAPI
import BBTEngine
import BBTTemplates

/// An office's month: the API's completeness (`StatusAnswer`) with, per unit, what a reviewer reads
/// in words and may do.
struct ReviewPageModel: PageModel {
    let status: StatusAnswer
    let unitName: String
    let monthLabel: String
    let prevMonth: String
    let nextMonth: String
    let picker: MonthPicker
    let reports: [ReportDue]
    /// How many forms are in each status, in the workflow's order.
    let summary: [StatusCount]
    let units: [UnitRow]
    /// The office's tallies, each below the office linking to that unit's own page.
    let tallies: [TallyRow]
    /// `false` above `listLimit` filling units (a city, a province): the page lists no unit, the
    /// tallies lead to the offices below.
    let listed: Bool
    let unitCount: Int
    /// Units whose form is not handed in (催报 reaches them).
    let lateCount: Int
    let hasLate: Bool
    let remindURL: String
    let remindersURL: String

    /// More forms than one page lists (a district of a large city has a few hundred).
    static let listLimit = 1_000

    struct TallyRow: Encodable {
        let tally: StatusAnswer.Tally
        let link: String?
    }

    struct ReportDue: Encodable {
        let id: String
        let title: String
        let period: String
    }

    struct StatusCount: Encodable {
        let status: String
        let label: String
        let count: Int
    }

    struct UnitRow: Encodable {
        let row: StatusAnswer.UnitRow
        let statusLabel: String
        /// Set only for a returned form.
        let returnReason: String?
        /// When it was handed in, in China, to the minute.
        let submittedAt: String?
        let missingCount: Int
        let punctualityLabel: String?
        /// The last thirteen months, oldest first.
        let strip: [Day]
        let canApprove: Bool
        let canReturn: Bool
        let canRemind: Bool
    }

    struct Day: Encodable {
        let month: String
        /// The CSS class: `on-time`, `late`, `missing` or `none` (nothing was due).
        let kind: String
        let label: String
    }
}

extension ReviewPageModel {
    init(unit: Int, month: Period, tree: UnitTree, catalog: Catalog, rows: [Completeness.Row],
         tallies: [(unit: Int, tally: Completeness.Tally)], strips: [Int: [Punctuality?]], actor: (Int) -> Actor,
         listLimit: Int = ReviewPageModel.listLimit) {
        status = StatusAnswer(unit: unit, month: month, tree: tree, rows: rows, tallies: tallies)
        self.tallies = zip(tallies, status.completeness).map { t, shared in
            TallyRow(tally: shared, link: t.unit == unit ? nil : "/review/\(tree[t.unit].code)?month=\(month)")
        }
        listed = rows.count <= listLimit
        unitCount = rows.count
        unitName = tree[unit].name
        monthLabel = month.chinese
        prevMonth = month.previous.description
        nextMonth = month.next.description
        picker = MonthPicker(param: "month", value: month.description)
        reports = catalog.reportsDue(at: month, for: tree[unit].level).map { r, p in ReportDue(id: r.id, title: r.title, period: p.description) }
        var counts: [FormStatus: Int] = [:]
        for r in rows { counts[r.state.status, default: 0] += 1 }
        summary = FormStatus.allCases.map { StatusCount(status: $0.rawValue, label: $0.chinese, count: counts[$0] ?? 0) }
        let stripMonths = month.lastPeriods(13)
        units = !listed ? [] : zip(rows, status.units).map { r, shared in
            UnitRow(
                row: shared, statusLabel: r.state.status.chinese,
                returnReason: r.state.status == .returned ? r.state.reason : nil,
                submittedAt: r.state.submittedAt?.chinaMinute, missingCount: r.missing.count,
                punctualityLabel: r.punctuality == .missing ? nil : r.punctuality.chinese,
                strip: zip(stripMonths, strips[r.unit] ?? []).map { m, p in
                    Day(month: m.description, kind: p.map { $0 == .onTime ? "on-time" : $0.rawValue } ?? "none", label: p?.chinese ?? "无需填报")
                },
                canApprove: FormWorkflow.allows(.approve, from: r.state.status, by: actor(r.unit)),
                canReturn: FormWorkflow.allows(.return, from: r.state.status, by: actor(r.unit)),
                canRemind: !r.state.status.isHandedIn)
        }
        lateCount = rows.filter { !$0.state.status.isHandedIn }.count
        hasLate = lateCount > 0
        remindURL = "/api/v1/units/\(tree[unit].code)/reminders"
        remindersURL = "/api/v1/reminders?month=\(month)&unit=\(tree[unit].code)"
    }
}
