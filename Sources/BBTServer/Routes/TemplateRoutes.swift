import BBTAPI
import Hummingbird

/// The catalog of templates (`TemplateService`): read it, check a set of files with a preview,
/// publish a new version, draft a report from a department's XLSX form.
struct TemplateRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/templates") { _, context in try await get(context) }
        router.post("/api/v1/templates/check") { request, context in try await check(request, context) }
        router.put("/api/v1/templates") { request, context in try await publish(request, context) }
        router.post("/api/v1/templates/import") { request, context in try await importForm(request, context) }
    }

    func get(_ context: UserContext) async throws -> Response {
        let (p, history) = try await TemplateService(state: state).published(for: context.user)
        return try jsonResponse(TemplatesAnswer(version: p.version, publishedAt: p.publishedAt.description, publishedBy: p.publishedBy,
                                                catalog: p.catalog, files: p.files, history: history))
    }

    func check(_ request: Request, _ context: UserContext) async throws -> Response {
        var request = request
        let body = try await request.decode(TemplateFilesRequest.self, context)
        let (compilation, preview) = try await TemplateService(state: state).check(try TemplateService.files(body.files))
        return try jsonResponse(TemplateCheckAnswer(compilation, preview: preview))
    }

    func publish(_ request: Request, _ context: UserContext) async throws -> Response {
        // Who may publish is known before the body is read: a filler's upload is refused unread.
        try state.require(.manageTemplates, of: context.user)
        var request = request
        let body = try await request.decode(TemplateFilesRequest.self, context)
        let service = TemplateService(state: state)
        let (version, compilation) = try await service.publish(try TemplateService.files(body.files), confirmed: body.confirm == true,
                                                               by: context.user)
        return try jsonResponse(PublishAnswer(version: version, compilation))
    }

    /// The body is the XLSX itself; `?id=` names the report, `?name=` the file.
    func importForm(_ request: Request, _ context: UserContext) async throws -> Response {
        let service = TemplateService(state: state)
        try state.require(.manageTemplates, of: context.user)
        var request = request
        let buffer = try await request.body(upTo: TemplateService.maxImport,
                                            tooLarge: "文件超过 \(TemplateService.maxImport >> 20) MiB, 不像一张报表")
        let q = request.uri.queryParameters
        let draft = try await service.draft(xlsx: Array(buffer.readableBytesView), id: q.get("id").flatMap { $0.isEmpty ? nil : String($0) },
                                            fileName: q.get("name").map { String($0) } ?? "form.xlsx", by: context.user)
        return try jsonResponse(ImportDraftAnswer(draft))
    }
}
