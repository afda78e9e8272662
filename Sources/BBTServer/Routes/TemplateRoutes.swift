import BBTEngine
import BBTImport
import BBTRender
import BBTStore
import BBTTemplates
import Hummingbird
import NIOCore

/// The catalog: read it, check a set of files with a preview of what publishing them would change,
/// publish a new version (refused when it has errors; confirmed when it hides stored values), and
/// draft a report from a department's XLSX form.
struct TemplateRoutes {
    let state: ServiceState
    static let maxImport = 16 << 20

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/templates") { _, context in try await get(context) }
        router.post("/api/v1/templates/check") { request, context in try await check(request, context) }
        router.put("/api/v1/templates") { request, context in try await publish(request, context) }
        router.post("/api/v1/templates/import") { request, context in try await importForm(request, context) }
    }

    func get(_ context: UserContext) async throws -> Response {
        guard context.user.role.may(.manageTemplates) else { throw APIError.forbidden }
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

    static func summary(_ catalog: Catalog) -> JSONValue {
        let b = catalog.burden
        return .object([
            ("fields", .int(catalog.fields.count)), ("computed", .int(catalog.computed.count)),
            ("rules", .int(catalog.rules.count)), ("reports", .int(catalog.reports.count)),
            ("manualEntries", .int(b.manualEntries)), ("formEntries", .int(b.formEntries)),
            ("burdenReduction", .double(b.reduction)),
        ])
    }

    /// `{"files": {"path.bbt": "source", …}}`, with paths that stay inside a templates folder.
    func files(_ body: JSONValue) throws -> [String: String] {
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

    func diagnostics(_ c: Compilation) -> JSONValue {
        .array(c.diagnostics.map { d in
            let (path, loc) = c.sources.location(of: d.span)
            return .object([("path", .string(path)), ("line", .int(loc.line)), ("column", .int(loc.column)),
                            ("severity", .string(d.severity.rawValue)), ("message", .string(d.message))])
        })
    }

    func check(_ request: Request, _ context: UserContext) async throws -> Response {
        var request = request
        let compilation = Published.compile(try files(try await request.json(context)))
        let (preview, _) = try await self.preview(compilation.catalog)
        return jsonResponse(.object([("ok", .bool(!compilation.hasErrors)), ("summary", TemplateRoutes.summary(compilation.catalog)),
                                     ("diagnostics", diagnostics(compilation)), ("preview", preview)]))
    }

    /// Against the published version: burden before and after, reports and fields added and removed
    /// (with the values stored under each removed field), fields whose type, stock/flow or merge
    /// changes. Also how many stored values the new version would hide.
    func preview(_ catalog: Catalog) async throws -> (JSONValue, hidden: Int) {
        let change = CatalogChange(from: await state.templates().catalog, to: catalog)
        let counts = try await state.store.storedValueCounts(fields: change.fieldsRemoved.map(\.id))
        func burden(_ b: Burden) -> JSONValue {
            .object([("manualEntries", .int(b.manualEntries)), ("formEntries", .int(b.formEntries)),
                     ("burdenReduction", .double(b.reduction)), ("typedEntries", .int(b.typedEntries)),
                     ("typedReduction", .double(b.typedReduction))])
        }
        func report(_ r: Report) -> JSONValue {
            .object([("id", .string(r.id)), ("title", .string(r.title)), ("frequency", .string(r.frequency.rawValue)),
                     ("entriesPerYear", .int(r.frequency.periodsPerYear * r.fields.count))])
        }
        func field(_ f: Field) -> JSONValue { .object([("id", .string(f.id)), ("label", .string(f.label))]) }
        let json = JSONValue.object([
            ("before", burden(change.before)), ("after", burden(change.after)),
            ("reportsAdded", .array(change.reportsAdded.map(report))),
            ("reportsRemoved", .array(change.reportsRemoved.map(report))),
            ("fieldsAdded", .array(change.fieldsAdded.map(field))),
            ("fieldsRemoved", .array(change.fieldsRemoved.map { f in
                .object([("id", .string(f.id)), ("label", .string(f.label)), ("storedValues", .int(counts[f.id] ?? 0))])
            })),
            ("fieldsChanged", .array(change.fieldsChanged.map { c in
                .object([("id", .string(c.id)), ("label", .string(c.label)), ("changes", .array(c.changes.map(JSONValue.string)))])
            })),
        ])
        return (json, counts.values.reduce(0, +))
    }

    func publish(_ request: Request, _ context: UserContext) async throws -> Response {
        let user = context.user
        guard user.role.may(.manageTemplates) else { throw APIError.forbidden }
        var request = request
        let body = try await request.json(context)
        let files = try files(body)
        let compilation = Published.compile(files)
        if compilation.hasErrors {
            throw APIError(.unprocessableContent, "template_errors", "模板有错误, 未发布", extra: [("diagnostics", diagnostics(compilation))])
        }
        // Stored values are never deleted, but a version without their fields no longer shows them:
        // that is said before it happens, and done only when confirmed.
        let (preview, hidden) = try await self.preview(compilation.catalog)
        if hidden > 0, body["confirm"] != .bool(true) {
            throw APIError(.conflict, "confirmation_required",
                           "新版本删去的字段下已存有 \(hidden) 个值, 发布后不再显示 (数据仍保留); 确认后再发布 (\"confirm\": true)",
                           extra: [("preview", preview)])
        }
        let at = state.clock.timestamp()
        let version = try await state.store.publishTemplates(files: files, by: user.username, at: at)
        await state.publish(Published(version: version, catalog: compilation.catalog, files: files, publishedAt: at, publishedBy: user.username))
        return jsonResponse(.object([("version", .int(version)), ("summary", TemplateRoutes.summary(compilation.catalog)),
                                     ("diagnostics", diagnostics(compilation))]))
    }

    /// The body is the XLSX itself; `?id=` names the report. The draft is made against the published
    /// templates, as `bbt import-report` makes it against a folder.
    func importForm(_ request: Request, _ context: UserContext) async throws -> Response {
        guard context.user.role.may(.manageTemplates) else { throw APIError.forbidden }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: TemplateRoutes.maxImport)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "too_large", "文件超过 \(TemplateRoutes.maxImport >> 20) MiB, 不像一张报表")
        }
        let published = await state.templates()
        let sources = TemplateSources(published.files.map { SourceFile(path: $0.key, text: $0.value) })
        let id = request.uri.queryParameters.get("id").flatMap { $0.isEmpty ? nil : $0 }
        let draft: ReportDraft
        do {
            draft = try ReportDraft.make(xlsx: Array(buffer.readableBytesView), sources: sources, id: id,
                                         fileName: request.uri.queryParameters.get("name") ?? "form.xlsx")
        } catch let e as ImportError {
            let field = e.description.contains("--id") ? "id" : "file"
            throw APIError(.unprocessableContent, "unreadable", e.description, fields: [(field, e.description)])
        }
        return jsonResponse(.object([
            ("id", .string(draft.id)), ("path", .string("import/\(draft.id).bbt")), ("report", .string(draft.source)),
            ("columns", .array(draft.mapping.map { m in
                .object([("header", .array(m.header.map(JSONValue.string))), ("field", .optional(m.field)),
                         ("newField", .optional(m.newField)), ("unsure", .bool(m.unsure)), ("reason", .string(m.reason))])
            })),
            ("newFields", .int(draft.newFields)), ("addedEntries", .int(draft.addedEntries)),
            ("manualEntries", .int(draft.manualEntries)),
        ]))
    }
}
