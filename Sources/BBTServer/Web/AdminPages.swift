import BBTAPI
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
        let (p, history) = try await TemplateService(state: state).published(for: user)
        // Inside <script>, "<" is written as \u003c so that no source text can close the element.
        let filesJSON = JSONValue.object(p.files.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
            .serialized(pretty: false).replacingOccurrences(of: "<", with: "\\u003c")
        let model = TemplatesPageModel(
            templates: TemplatesAnswer(version: p.version, publishedAt: p.publishedAt.description, publishedBy: p.publishedBy,
                                       catalog: p.catalog, files: p.files, history: history),
            publishedAt: p.publishedAt.chinaMinute, publishedBy: WebRoutes.person(p.publishedBy), files: p.files.keys.sorted(),
            filesJSON: filesJSON)
        return try page("模板管理", "templates", model, user: user)
    }

    func catalogPage(_ context: PageContext) async throws -> Response {
        let user = context.user
        let (catalog, month) = try await CatalogService(state: state).catalog(for: user)
        return try page("报表目录", "catalog", CatalogPageModel(catalog, month: month), user: user)
    }

    func usersPage(_ context: PageContext) async throws -> Response {
        let user = context.user
        try state.require(.manageUsers, of: user)
        let catalog = await state.templates().catalog
        let tree = state.tree
        let service = UserService(state: state)
        let model = UsersPageModel(
            roles: UserRole.allCases.map { .init(value: $0.rawValue, label: $0.chinese) },
            sources: catalog.sources.map { .init(value: $0.id, label: $0.name) },
            units: tree.units.map { .init(value: $0.code, label: $0.name) },
            users: try await service.list(by: user).map { u in
                UsersPageModel.User(
                    user: service.answer(u), roleLabel: u.role.chinese, sourceName: u.source.map { catalog.source($0)?.name ?? $0 })
            })
        return try page("用户管理", "users", model, user: user)
    }

    func unitsPage(_ request: Request, _ context: PageContext) async throws -> Response {
        let user = context.user
        try state.require(.manageUnits, of: user)
        let month = try request.monthQuery("at") ?? state.clock.currentMonth()
        let model = UnitsPageModel(month: month, tree: UnitService(state: state).tree(at: month), all: state.tree)
        return try page("单位管理", "units", model, user: user)
    }
}
