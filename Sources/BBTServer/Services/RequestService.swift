import BBTAPI
import BBTEngine
import BBTImport
import BBTStore
import BBTTemplates
import Foundation

/// 报表准入: a department files a request for a report (its XLSX form, drafted as import-report
/// drafts it, or a `.bbt` draft); the 减负 office sees the review against the catalog published now
/// and approves it (publishing it with its 清单编号, as `PUT /templates` publishes), returns it for
/// a revision or rejects it. Every step is audited.
struct RequestService {
    let state: ServiceState

    /// What a requester files (and files again when revising).
    struct Filing: Sendable {
        var title: String
        var authority: String
        var reason: String
        var basis: String
        var frequency: String
        var until: Month?
        var kind: RequestKind
        var form: [UInt8]?
        var fileName: String?
        var source: String?
    }

    /// A request with its review worked out now (or, once decided, as it was decided).
    struct Reviewed: Sendable {
        let request: StoredRequest
        let review: AdmissionReview?
        let fillingUnits: Int
        /// Why no review could be worked out (the draft no longer compiles with the catalog).
        let reviewProblem: String?
    }

    static let maxForm = 16 << 20

    /// Checks a filing's members: 422 naming each that is missing or wrong.
    static func check(_ f: Filing) throws {
        var problems: [(String, String)] = []
        if f.title.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(("title", "请填写报表名称")) }
        if f.authority.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(("authority", "请填写制定机关 (提出报表的部门)")) }
        if f.reason.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(("reason", "请说明为什么需要这张报表")) }
        if f.basis.trimmingCharacters(in: .whitespaces).isEmpty { problems.append(("basis", "请填写依据 (文件或法规)")) }
        if Frequency(rawValue: f.frequency) == nil { problems.append(("frequency", "报送频率应为 month、quarter、half 或 year")) }
        if f.form == nil, (f.source ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(("source", "请附上部门的 Excel 报表 (请求体) 或 .bbt 草稿 (source)"))
        }
        if !problems.isEmpty { throw APIError(.unprocessableContent, "invalid_values", "申请不完整", fields: problems) }
    }

    func file(_ f: Filing, by user: UserRecord) async throws -> Reviewed {
        guard user.role.mayFileRequests else { throw APIError.forbidden }
        try RequestService.check(f)
        let at = state.clock.instant()
        let (draft, id) = try await self.draft(f, keeping: nil)
        var r = StoredRequest(requester: user.username, title: f.title, authority: f.authority, reason: f.reason, basis: f.basis,
                              frequency: f.frequency, until: f.until, kind: f.kind, form: f.form.map { Data($0) }, fileName: f.fileName,
                              draft: draft, reportID: id, addedEntries: 0, submittedAt: at,
                              history: [RequestEvent(at: at, user: user.username, action: "submit", reason: nil)])
        let reviewed = try await review(r)
        r.addedEntries = reviewed.review?.addedEntriesPerUnit ?? 0
        r.id = try await state.store.addRequest(r, audit: AdminAuditEntry(at: at, user: user.username, action: "request_submit",
                                                                         target: f.title, detail: "\(f.authority) · \(f.kind.chinese)"))
        return Reviewed(request: r, review: reviewed.review, fillingUnits: reviewed.fillingUnits, reviewProblem: reviewed.reviewProblem)
    }

    /// The requests `user` may see: its own, or for an admin every one; `status` filters.
    func list(status: RequestStatus?, for user: UserRecord) async throws -> [StoredRequest] {
        guard user.role.mayFileRequests else { throw APIError.forbidden }
        return try await state.store.requests().filter { r in
            (user.role == .admin || r.requester == user.username) && (status == nil || r.status == status)
        }
    }

    func get(_ id: Int, for user: UserRecord) async throws -> Reviewed {
        try await review(try await readable(id, by: user))
    }

    /// A returned request revised by its requester: drafted and reviewed again, submitted again.
    func revise(_ id: Int, _ f: Filing, by user: UserRecord) async throws -> Reviewed {
        var r = try await readable(id, by: user)
        guard r.requester == user.username else { throw APIError.forbidden }
        guard r.status == .returned else {
            throw APIError(.conflict, "not_returned", "申请\(r.status.chinese), 只有退回的申请可以修改后重新提交")
        }
        try RequestService.check(f)
        let at = state.clock.instant()
        let (draft, reportID) = try await self.draft(f, keeping: r.reportID)
        r.title = f.title; r.authority = f.authority; r.reason = f.reason; r.basis = f.basis
        r.frequency = f.frequency; r.until = f.until; r.kind = f.kind
        r.form = f.form.map { Data($0) }; r.fileName = f.fileName; r.draft = draft; r.reportID = reportID
        r.status = .submitted
        r.history.append(RequestEvent(at: at, user: user.username, action: "revise", reason: nil))
        let reviewed = try await review(r)
        r.addedEntries = reviewed.review?.addedEntriesPerUnit ?? r.addedEntries
        guard try await state.store.updateRequest(r, expected: .returned, audit: AdminAuditEntry(
            at: at, user: user.username, action: "request_revise", target: r.title, detail: "第 \(r.id) 号申请")) else {
            throw APIError(.conflict, "changed", "申请刚被改过, 请刷新后再试")
        }
        return Reviewed(request: r, review: reviewed.review, fillingUnits: reviewed.fillingUnits, reviewProblem: reviewed.reviewProblem)
    }

    struct Decision: Sendable {
        let decision: RequestDecision
        let reason: String?
        let listed: String?
        let validUntil: Month?
        let source: String?
        let confirmed: Bool
    }

    /// The office's decision. Approval publishes the report (the draft, or `source` as edited) with
    /// its 清单编号 and 有效期 through the same path as `PUT /templates`; the others publish nothing.
    func decide(_ id: Int, _ d: Decision, by user: UserRecord) async throws -> (Reviewed, version: Int?) {
        try state.require(.manageTemplates, of: user)
        guard var r = try await state.store.request(id: id) else { throw APIError.notFound("没有第 \(id) 号申请") }
        guard r.status == .submitted else {
            throw APIError(.conflict, "already_decided", "申请\(r.status.chinese), 只能对待审的申请作决定")
        }
        let reason = d.reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        var problems: [(String, String)] = []
        if d.decision != .approve, reason.isEmpty { problems.append(("reason", "退回或不予准入须说明理由")) }
        let listed = d.listed?.trimmingCharacters(in: .whitespaces) ?? ""
        if d.decision == .approve, listed.isEmpty { problems.append(("listed", "准入须给出清单编号 (如 成社准〔2026〕3号)")) }
        if !problems.isEmpty { throw APIError(.unprocessableContent, "invalid_values", "决定不完整", fields: problems) }

        let at = state.clock.instant()
        // The draft as reviewed now (a waiting form is drafted again over the current catalog).
        r.draft = try await review(r).request.draft
        r.history.append(RequestEvent(at: at, user: user.username, action: d.decision.rawValue, reason: reason.isEmpty ? nil : reason))
        r.status = d.decision.status
        let audit = AdminAuditEntry(at: at, user: user.username, action: "request_\(d.decision.rawValue)", target: r.title,
                                    detail: "第 \(r.id) 号申请\(reason.isEmpty ? "" : ": \(reason)")")
        let templates = TemplateService(state: state)
        var files: [String: String]?
        if d.decision == .approve {
            let validUntil = d.validUntil ?? RequestService.lastMonth(of: r)
            r.draft = RequestService.admitted(d.source ?? r.draft, listed: listed, validUntil: validUntil)
            r.listed = listed
            r.validUntil = validUntil
            var next = await state.templates().files
            next["requests/\(r.reportID).bbt"] = r.draft
            // Checked as PUT /templates checks (422 with diagnostics; 409 to confirm hiding stored
            // values) before the request is marked, so a refusal leaves it submitted.
            let compilation = Published.compile(next)
            if compilation.hasErrors {
                throw APIError(.unprocessableContent, "template_errors", "草稿与目录一起编译有错误, 未发布",
                               extra: [("diagnostics", try JSONValueEncoder().encode(DiagnosticAnswer.all(compilation)))])
            }
            let (preview, hidden) = try await templates.preview(compilation.catalog)
            if hidden > 0, !d.confirmed {
                throw APIError(.conflict, "confirmation_required",
                               "新版本删去的字段下已存有 \(hidden) 个值, 发布后不再显示 (数据仍保留); 确认后再发布",
                               extra: [("preview", try JSONValueEncoder().encode(preview))])
            }
            files = next
        }
        if d.decision != .return { r.decidedAt = at }
        // Reviewed once in its new state (an approved report against the catalog without it), which
        // is also what reading it afterwards gives.
        let reviewed = try await review(r)
        r.addedEntries = reviewed.review?.addedEntriesPerUnit ?? r.addedEntries
        guard try await state.store.updateRequest(r, expected: .submitted, audit: audit) else {
            throw APIError(.conflict, "already_decided", "另一位管理员刚对这份申请作了决定")
        }
        var version: Int?
        if let files {
            do {
                version = try await templates.publish(files, confirmed: d.confirmed, by: user).0
            } catch {
                // Not published (the store failing): the request waits again.
                var back = r
                back.status = .submitted
                back.listed = nil; back.validUntil = nil; back.decidedAt = nil
                back.history.removeLast()
                _ = try? await state.store.updateRequest(back, expected: .approved, audit: AdminAuditEntry(
                    at: at, user: user.username, action: "request_approve_undone", target: r.title, detail: "未发布, 申请仍待审"))
                throw error
            }
        }
        return (Reviewed(request: r, review: reviewed.review, fillingUnits: reviewed.fillingUnits, reviewProblem: reviewed.reviewProblem), version)
    }

    // MARK: - Drafting and reviewing

    /// The request's `.bbt` text and report ID: the form drafted over the published catalog (with
    /// the frequency the request names), or the source filed. `keeping` is the ID a revision keeps.
    private func draft(_ f: Filing, keeping: String?) async throws -> (String, String) {
        let sources = await published()
        if let form = f.form {
            do {
                var id = keeping
                if let k = keeping, Compiler.compile(sources).catalog.report(k) != nil { id = nil }
                let d = try ReportDraft.make(xlsx: form, sources: sources, id: id, fileName: f.fileName ?? "form.xlsx")
                return (RequestService.withFrequency(d.source, f.frequency), d.id)
            } catch let e as ImportError {
                throw APIError(.unprocessableContent, "unreadable", e.description, fields: [("file", e.description)])
            }
        }
        let source = f.source ?? ""
        do {
            return (source, try AdmissionReview.make(draft: source, sources: sources).reportID)
        } catch let e as ImportError {
            throw APIError(.unprocessableContent, "invalid_values", e.description, fields: [("source", e.description)])
        }
    }

    /// The review against the catalog published now; once approved, against the catalog before it
    /// (the report is in the catalog now, so it would count as collected).
    func review(_ r: StoredRequest) async throws -> Reviewed {
        var sources = await published()
        if r.status == .approved {
            // Against the catalog without it: the approved report is published as its draft says.
            sources = TemplateSources(sources.files.map { SourceFile(path: $0.path, text: $0.text.replacingOccurrences(of: r.draft, with: "")) })
        }
        // A form still waiting is drafted again over the catalog as it is now: a figure published
        // meanwhile is collected already, not a new field.
        var r = r
        var mapping: [ReportDraft.Mapping]?
        if let form = r.form, !r.status.isDecided,
           let d = try? ReportDraft.make(xlsx: Array(form), sources: sources, id: r.reportID, fileName: r.fileName ?? "form.xlsx") {
            mapping = d.mapping
            r.draft = RequestService.withFrequency(d.source, r.frequency)
        }
        do {
            let review = try AdmissionReview.make(draft: r.draft, sources: sources, mapping: mapping)
            let tree = state.tree
            let month = state.clock.currentMonth()
            let units = tree.units.indices.filter { tree[$0].level == review.filledBy && tree.exists($0, in: month) }
            return Reviewed(request: r, review: review, fillingUnits: units.count, reviewProblem: nil)
        } catch let e as ImportError {
            return Reviewed(request: r, review: nil, fillingUnits: 0, reviewProblem: e.description)
        }
    }

    private func published() async -> TemplateSources {
        TemplateSources(await state.templates().files.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, text: $0.value) })
    }

    private func readable(_ id: Int, by user: UserRecord) async throws -> StoredRequest {
        guard user.role.mayFileRequests else { throw APIError.forbidden }
        guard let r = try await state.store.request(id: id), user.role == .admin || r.requester == user.username else {
            throw APIError.notFound("没有第 \(id) 号申请")
        }
        return r
    }

    /// The last month the admitted report is due in: the request's `until`; for a 一事一报 the end
    /// of its one period (the period containing `until`, or the current one).
    static func lastMonth(of r: StoredRequest) -> Month? {
        guard r.kind == .once else { return r.until }
        let frequency = Frequency(rawValue: r.frequency) ?? .month
        let month = r.until.map { Period.month($0.year, $0.month) } ?? Period.month(r.submittedAt.chinaDay.year, r.submittedAt.chinaDay.month)
        let last = month.containing(frequency).lastMonth
        return Month(year: last.year, month: last.months.upperBound)
    }

    /// `every` in the report block as the request names it.
    static func withFrequency(_ source: String, _ frequency: String) -> String {
        source.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix("  every ") ? "  every \(frequency)" : String(line)
        }.joined(separator: "\n")
    }

    /// The report block with its 清单编号 and 有效期 as the office admitted it (any the draft had replaced).
    static func admitted(_ source: String, listed: String, validUntil: Month?) -> String {
        var out: [String] = []
        var inReport = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if inReport, trimmed.hasPrefix("listed ") || trimmed.hasPrefix("valid_until ") { continue }
            out.append(line)
            if trimmed.hasPrefix("report "), trimmed.hasSuffix("{") {
                inReport = true
                out.append("  listed \(SourcePrinter.quote(listed))")
                if let v = validUntil { out.append("  valid_until \"\(v)\"") }
            }
        }
        return out.joined(separator: "\n")
    }
}
