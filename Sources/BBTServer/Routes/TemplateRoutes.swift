import BBTRender
import BBTStore
import BBTTemplates
import Hummingbird

/// The catalog: read it, check a set of files, publish a new version (refused when it has errors).
struct TemplateRoutes {
    let state: ServiceState

    func add(to router: Router<AppContext>) {
        router.get("/api/v1/templates") { _, context in try await get(context) }
        router.post("/api/v1/templates/check") { request, context in try await check(request, context) }
        router.put("/api/v1/templates") { request, context in try await publish(request, context) }
    }

    func get(_ context: AppContext) async throws -> Response {
        guard try context.requireUser().role == .admin else { throw APIError.forbidden }
        let p = await state.templates()
        let history = try await state.store.templateHistory()
        return jsonResponse(.object([
            ("version", .int(p.version)), ("publishedAt", .string(p.publishedAt)), ("publishedBy", .string(p.publishedBy)),
            ("summary", TemplateRoutes.summary(p.catalog)),
            ("files", .object(p.files.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("history", .array(history.map { .object([("version", .int($0.version)), ("publishedAt", .string($0.publishedAt)),
                                                      ("publishedBy", .string($0.publishedBy))]) })),
        ]))
    }

    static func summary(_ catalog: Catalog) -> JSON {
        let b = catalog.burden
        return .object([
            ("fields", .int(catalog.fields.count)), ("computed", .int(catalog.computed.count)),
            ("rules", .int(catalog.rules.count)), ("reports", .int(catalog.reports.count)),
            ("manualEntries", .int(b.manualEntries)), ("formEntries", .int(b.formEntries)),
            ("burdenReduction", .double(b.reduction)),
        ])
    }

    /// `{"files": {"path.bbt": "source", …}}`, with paths that stay inside a templates folder.
    func files(_ request: Request, _ context: AppContext) async throws -> [String: String] {
        var request = request
        let body = try await request.json(context)
        guard case .object(let members)? = body["files"] else { throw APIError.badRequest("需要 {\"files\": {\"路径.bbt\": \"源文件\"}}") }
        var files: [String: String] = [:]
        var problems: [(String, String)] = []
        for (path, source) in members {
            let parts = path.split(separator: "/", omittingEmptySubsequences: false)
            guard path.hasSuffix(".bbt"), !path.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
                  !path.contains("\\"), path.count <= 200 else {
                problems.append((path, "路径应为相对路径, 以 .bbt 结尾, 不含 \"..\""))
                continue
            }
            guard let text = source.stringValue else { problems.append((path, "源文件应为文字")); continue }
            files[path] = text
        }
        if !problems.isEmpty { throw APIError(.unprocessableContent, "invalid_values", "文件名不正确", fields: problems) }
        guard !files.isEmpty, files.count <= 500 else { throw APIError.badRequest("需要 1 到 500 个文件") }
        return files
    }

    func diagnostics(_ c: Compilation) -> JSON {
        .array(c.diagnostics.map { d in
            let (path, loc) = c.sources.location(of: d.span)
            return .object([("path", .string(path)), ("line", .int(loc.line)), ("column", .int(loc.column)),
                            ("severity", .string(d.severity.rawValue)), ("message", .string(d.message))])
        })
    }

    func check(_ request: Request, _ context: AppContext) async throws -> Response {
        _ = try context.requireUser()
        let compilation = Published.compile(try await files(request, context))
        return jsonResponse(.object([("ok", .bool(!compilation.hasErrors)), ("summary", TemplateRoutes.summary(compilation.catalog)),
                                     ("diagnostics", diagnostics(compilation))]))
    }

    func publish(_ request: Request, _ context: AppContext) async throws -> Response {
        let user = try context.requireUser()
        guard user.role == .admin else { throw APIError.forbidden }
        let files = try await files(request, context)
        let compilation = Published.compile(files)
        if compilation.hasErrors {
            throw APIError(.unprocessableContent, "template_errors", "模板有错误, 未发布", extra: [("diagnostics", diagnostics(compilation))])
        }
        let at = state.clock.timestamp()
        let version = try await state.store.publishTemplates(files: files, by: user.username, at: at)
        await state.publish(Published(version: version, catalog: compilation.catalog, files: files, publishedAt: at, publishedBy: user.username))
        return jsonResponse(.object([("version", .int(version)), ("summary", TemplateRoutes.summary(compilation.catalog)),
                                     ("diagnostics", diagnostics(compilation))]))
    }
}
