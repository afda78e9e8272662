import BBTAPI
import BBTEngine
import BBTImport
import BBTStore
import BBTTemplates

/// The catalog of templates: the published version, a set of files checked with a preview of what
/// publishing it would change, a new version published (refused with its errors; confirmed when it
/// would hide stored values), and a department's XLSX form drafted against it.
struct TemplateService {
    let state: ServiceState
    static let maxImport = 16 << 20


    /// The published version with its history.
    func published(for user: UserRecord) async throws -> (Published, [TemplatesAnswer.Version]) {
        try state.require(.manageTemplates, of: user)
        let history = try await state.store.templateHistory()
        return (await state.templates(), history.map { .init(version: $0.version, publishedAt: $0.publishedAt.description, publishedBy: $0.publishedBy) })
    }

    /// The files of a request, each path checked (`TemplatePath`); 422 naming every bad path.
    static func files(_ members: JSONValue) throws -> [String: String] {
        guard case .object(let members) = members else { throw APIError.badRequest("应为 {\"路径.bbt\": \"源文件\"}", member: "files") }
        var files: [String: String] = [:]
        var problems: [(String, String)] = []
        for (path, source) in members {
            if let problem = TemplatePath.problem(path) { problems.append((path, problem)); continue }
            guard case .string(let text) = source else { problems.append((path, "源文件应为文字")); continue }
            files[path] = text
        }
        if !problems.isEmpty { throw APIError(.unprocessableContent, "invalid_values", "文件名不正确", fields: problems) }
        guard !files.isEmpty, files.count <= 500 else { throw APIError.badRequest("需要 1 到 500 个文件", member: "files") }
        return files
    }

    /// The files compiled, with what publishing them would change. Anyone logged in may check.
    func check(_ files: [String: String]) async throws -> (Compilation, PreviewAnswer) {
        let compilation = Published.compile(files)
        return (compilation, try await preview(compilation.catalog, unreadable: compilation.unreadableFields).answer)
    }

    /// Against the published version: burden before and after, reports and fields added and removed
    /// (with the values stored under each removed field), fields whose kind changes; and how many
    /// stored values the new version would hide.
    func preview(_ catalog: Catalog, unreadable: Set<String> = []) async throws -> (answer: PreviewAnswer, hidden: Int) {
        let change = CatalogChange(from: await state.templates().catalog, to: catalog, unreadable: unreadable)
        let counts = try await state.store.storedValueCounts(fields: change.fieldsRemoved.map(\.id))
        return (PreviewAnswer(change, stored: counts), counts.values.reduce(0, +))
    }

    /// A new version by `user`: 422 with the diagnostics when it has errors; 409 with the preview when
    /// it would hide stored values and is not `confirmed` (the values stay stored either way).
    func publish(_ files: [String: String], confirmed: Bool, by user: UserRecord) async throws -> (Int, Compilation) {
        try state.require(.manageTemplates, of: user)
        let compilation = Published.compile(files)
        if compilation.hasErrors {
            throw APIError(.unprocessableContent, "template_errors", "模板有错误, 未发布",
                           extra: [("diagnostics", try JSONValueEncoder().encode(DiagnosticAnswer.all(compilation)))])
        }
        let (preview, hidden) = try await self.preview(compilation.catalog)
        if hidden > 0, !confirmed {
            throw APIError(.conflict, "confirmation_required",
                           "新版本删去的字段下已存有 \(hidden) 个值, 发布后不再显示 (数据仍保留); 确认后再发布",
                           extra: [("preview", try JSONValueEncoder().encode(preview))])
        }
        let at = state.clock.instant()
        let version = try await state.store.publishTemplates(files: files, by: user.username, at: at)
        await state.publish(Published(version: version, catalog: compilation.catalog, files: files, publishedAt: at, publishedBy: user.username))
        return (version, compilation)
    }

    /// A department's XLSX form drafted as a report over the published catalog, as `bbt import-report`
    /// drafts it against a folder; 422 when the file is not a readable form.
    func draft(xlsx: [UInt8], id: String?, fileName: String, by user: UserRecord) async throws -> ReportDraft {
        try state.require(.manageTemplates, of: user)
        let published = await state.templates()
        let sources = TemplateSources(published.files.map { SourceFile(path: $0.key, text: $0.value) })
        do {
            return try ReportDraft.make(xlsx: xlsx, sources: sources, id: id, fileName: fileName)
        } catch let e as ImportError {
            let member = e.subject == .reportID ? "id" : "file"
            throw APIError(.unprocessableContent, "unreadable", e.description, fields: [(member, e.description)])
        }
    }
}
