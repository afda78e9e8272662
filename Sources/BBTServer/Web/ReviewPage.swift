import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Foundation
import Hummingbird
import NIOCore

/// An office's month: completeness, the tallies, each unit's thirteen months, approve and return.
extension WebRoutes {
    func reviewPage(_ request: Request, _ context: PageContext) async throws -> Response {
        let user = context.user
        let unit = try state.unit(try context.parameter("code"))
        let completeness = CompletenessService(state: state)
        try completeness.require(user, reviews: unit)
        let code = state.tree[unit].code
        // An office reviews the month its units have just handed in.
        let month: Period
        if let m = try request.monthQuery() { month = m } else { month = try await FormService(state: state).workingMonth(unit: code).previous }
        let catalog = await state.templates().catalog
        let rows = try await completeness.rows(catalog: catalog, unit: unit, month: month)
        var counts: [FormStatus: Int] = [:]
        for r in rows { counts[r.state.status, default: 0] += 1 }
        let strips = try await completeness.strips(catalog: catalog, rows: rows, month: month)
        let stripMonths = month.lastPeriods(13)
        func rate(_ r: Double?) -> String { r.map { String(format: "%.1f%%", $0) } ?? "" }
        let model: [String: Any] = [
            "tallies": completeness.tallies(rows, unit: unit, month: month).map { u, t -> [String: Any] in
                ["code": state.tree[u].code, "name": state.tree[u].name, "expected": t.expected, "submitted": t.submitted,
                 "onTime": t.onTime, "late": t.late, "approved": t.approved, "returned": t.returned,
                 "submittedRate": rate(t.rate(t.submitted)), "onTimeRate": rate(t.rate(t.onTime)), "approvedRate": rate(t.rate(t.approved))]
            },
            "unitName": state.tree[unit].name, "unitCode": code, "month": month.description, "monthLabel": month.chinese,
            "prevMonth": month.previous.description, "nextMonth": month.next.description,
            "reports": catalog.reportsDue(at: month, for: state.tree[unit].level).map { r, p in
                ["id": r.id, "title": r.title, "period": p.description]
            },
            "summary": FormStatus.allCases.map { ["status": $0.rawValue, "label": $0.chinese, "count": counts[$0] ?? 0] },
            "units": rows.map { r -> [String: Any] in
                [
                    "code": state.tree[r.unit].code, "name": state.tree[r.unit].name, "month": month.description,
                    "status": r.state.status.rawValue, "statusLabel": r.state.status.chinese,
                    "reason": r.state.status == .returned ? (r.state.reason.map { $0 as Any } ?? false) : false,
                    "submittedAt": r.state.submittedAt?.chinaMinute ?? "", "missingCount": r.missing.count,
                    "explanation": r.state.explanation.map { $0 as Any } ?? false,
                    "due": r.due?.description ?? "",
                    "punctualityLabel": r.punctuality == .missing ? "" : r.punctuality.chinese,
                    "strip": zip(stripMonths, strips[r.unit] ?? []).map { m, p -> [String: String] in
                        // CSS classes: on-time, late, missing, none.
                        ["month": m.description, "kind": p.map { $0 == .onTime ? "on-time" : $0.rawValue } ?? "none",
                         "label": p?.chinese ?? "无需填报"]
                    },
                    "canApprove": FormWorkflow.allows(.approve, from: r.state.status, by: state.actor(user, on: r.unit)),
                    "canReturn": FormWorkflow.allows(.return, from: r.state.status, by: state.actor(user, on: r.unit)),
                ]
            },
        ]
        return page("\(state.tree[unit].name) \(month.chinese)填报情况", "review", model, user: user)
    }
}
