import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Foundation
import Hummingbird
import NIOCore

/// The admin's pages (templates, users, units) and the catalogue.
extension WebRoutes {
    func templatesPage(_ context: PageContext) async throws -> Response {
        let user = context.user
        let (p, _) = try await TemplateService(state: state).published(for: user)
        let b = p.catalog.burden
        // Inside <script>, "<" is written as \u003c so that no source text can close the element.
        let filesJSON = JSONValue.object(p.files.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
            .serialized(pretty: false).replacingOccurrences(of: "<", with: "\\u003c")
        let model: [String: Any] = [
            "version": p.version, "publishedAt": p.publishedAt.chinaMinute, "publishedBy": WebRoutes.person(p.publishedBy),
            "fields": p.catalog.fields.count, "reports": p.catalog.reports.count, "manual": b.manualEntries, "form": b.formEntries,
            "files": p.files.keys.sorted(), "filesJSON": filesJSON,
        ]
        return page("模板管理", "templates", model, user: user)
    }

    func catalogPage(_ context: PageContext) async throws -> Response {
        let user = context.user
        let (catalog, month) = try await CatalogService(state: state).catalog(for: user)
        let level = catalog.lowestFillingLevel
        let (asked, filled) = catalog.mostAskedFields
        let validity = catalog.reports.map { $0.validity(at: month) }
        let model: [String: Any] = [
            "monthLabel": month.chinese, "count": catalog.reports.count, "levelLabel": level.chinese, "filled": filled,
            "expired": validity.count { $0 == .expired }, "expiring": validity.count { $0 == .expiring },
            "reports": zip(catalog.reports, validity).map { r, v -> [String: Any] in
                [
                    "id": r.id, "title": r.title, "formNo": r.formNo, "authority": r.authority, "approval": r.approval ?? "",
                    "frequency": r.frequency.chinese + "报", "validUntil": r.validUntil.flatMap(Period.init)?.chinese ?? "长期",
                    "expired": v == .expired, "expiring": v == .expiring,
                    "entries": r.frequency.periodsPerYear * r.fields.count,
                ]
            },
            "fields": asked.prefix(30).map { f, reports -> [String: Any] in
                    ["id": f.id, "label": f.label, "reports": reports, "of": filled,
                     "source": f.source.flatMap { catalog.source($0)?.name } ?? "社区填报"]
                },
        ]
        return page("报表目录", "catalog", model, user: user)
    }

    func usersPage(_ context: PageContext) async throws -> Response {
        let user = context.user
        try state.require(.manageUsers, of: user)
        let catalog = await state.templates().catalog
        let users = try await state.store.users()
        let model: [String: Any] = [
            "roles": UserRole.allCases.map { ["value": $0.rawValue, "label": $0.chinese] },
            "sources": catalog.sources.map { ["id": $0.id, "name": $0.name] },
            "units": state.tree.units.map { ["code": $0.code, "name": $0.name] },
            "users": users.map { u -> [String: Any] in
                [
                    "username": u.username, "role": u.role.rawValue, "roleLabel": u.role.chinese, "unit": u.unit,
                    "unitName": state.tree.index(of: u.unit).map { state.tree[$0].name } ?? u.unit,
                    "source": u.source ?? "", "sourceName": u.source.map { catalog.source($0)?.name ?? $0 } ?? "", "disabled": u.disabled, "mustChange": u.mustChangePassword,
                ]
            },
        ]
        return page("用户管理", "users", model, user: user)
    }

    func unitsPage(_ request: Request, _ context: PageContext) async throws -> Response {
        let user = context.user
        try state.require(.manageUnits, of: user)
        let month = try request.monthQuery("at") ?? state.clock.currentMonth()
        let all = state.tree, tree = all.at(month)
        let rows: [[String: Any]] = tree.inOrder(month: month.endMonth).map { u, depth in
            let span = tree.spans[u]
            let text = span == .always ? "" : "\(span.from.map(MonthNumber.text) ?? "…") 至 \(span.until.map(MonthNumber.text) ?? "…")"
            return ["code": tree[u].code, "name": tree[u].name, "levelLabel": tree[u].level.chinese, "depth": min(depth, 3), "span": text]
        }
        let model: [String: Any] = [
            "monthLabel": month.chinese, "prevMonth": month.previous.description, "nextMonth": month.next.description,
            "units": rows, "levels": Level.allCases.map { ["value": $0.rawValue, "label": $0.chinese] },
            "allUnits": all.units.map { ["code": $0.code, "name": $0.name] },
        ]
        return page("单位管理", "units", model, user: user)
    }
}
