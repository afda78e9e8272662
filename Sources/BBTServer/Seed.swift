import BBTEngine
import BBTImport
import BBTOffline
import BBTStore
import BBTTemplates
import Foundation

/// Loads a seed folder into an empty store: `units.csv`, `users.csv` (a fifth column `source` for
/// providers), `data/MONTH/UNIT.json` (forms), `sources/SOURCE/*.csv` (department uploads, stored
/// as its provider uploads them, after the forms) and `corrections.csv` (`unit,period,field,reason`:
/// the communities' reasons for differing from a supplied value).
enum Seed {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func load(_ folder: String, into store: any Store, catalog: Catalog, templates: [String: String] = [:],
                     at: Instant) async throws -> (units: Int, users: Int, forms: Int) {
        let tree: UnitTree
        switch UnitsFile.load((folder as NSString).appendingPathComponent("units.csv")) {
        case .success(let t): tree = t
        case .failure(.unreadable(let m)): throw Failure(description: m)
        case .failure(.invalid(let ms)): throw Failure(description: ms.joined(separator: "\n"))
        }
        try await store.replaceUnits(tree.units, tree: tree)

        let usersPath = (folder as NSString).appendingPathComponent("users.csv")
        var users = 0
        var providers: [String: (username: String, unit: String)] = [:]
        if let data = FileManager.default.contents(atPath: usersPath), let text = String(data: data, encoding: .utf8) {
            var rows: [(username: String, password: String, role: UserRecord.Role, unit: String, source: String?)] = []
            for (i, line) in text.split(whereSeparator: \.isNewline).enumerated() where i > 0 {
                let f = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                let source = f.count >= 5 && !f[4].isEmpty ? f[4] : nil
                guard f.count >= 4, let role = UserRecord.Role(rawValue: f[2]), let u = tree.index(of: f[3]), !f[0].isEmpty else {
                    throw Failure(description: "\(usersPath):\(i + 1): 应为 username,password,role,unit[,source], role 为 filler/reviewer/admin/provider, unit 为已有单位")
                }
                // The same rules as an admin's new account, but for the password: demo log-ins may be short.
                let problems = AccountRules.problems(role: role, unitName: tree[u].name, level: tree[u].level, fillingLevels: catalog.fillingLevels,
                                                     source: source, sourceName: source.flatMap { catalog.source($0)?.name })
                if !problems.isEmpty {
                    throw Failure(description: "\(usersPath):\(i + 1): " + problems.map(\.message).joined(separator: "; "))
                }
                rows.append((f[0], f[1], role, f[3], source))
            }
            // Slow hashes by design: spread them over the cores.
            let hashes = await withTaskGroup(of: (Int, String).self) { group in
                for (i, r) in rows.enumerated() { group.addTask { (i, Passwords.hash(r.password)) } }
                var out = Array(repeating: "", count: rows.count)
                for await (i, h) in group { out[i] = h }
                return out
            }
            for (r, hash) in zip(rows, hashes) {
                try await store.upsertUser(UserRecord(username: r.username, passwordHash: hash, role: r.role, unit: r.unit, source: r.source))
                if let source = r.source, providers[source] == nil { providers[source] = (r.username, r.unit) }
                users += 1
            }
        }

        var forms = 0
        let dataDir = (folder as NSString).appendingPathComponent("data")
        let months = ((try? FileManager.default.contentsOfDirectory(atPath: dataDir)) ?? []).compactMap(Period.init)
            .filter { $0.frequency == .month }.sorted()
        // Forms go in batches, one transaction each: years of a city's history load in minutes,
        // not in one commit per form.
        // A seed loads an empty store: each form is decided against none (`FormWrite`), and a form the
        // store holds already is a conflict, said with its file.
        var batch: [FormWrite] = []
        func flush() async throws {
            guard !batch.isEmpty else { return }
            for (write, outcome) in zip(batch, try await store.saveAll(batch)) where outcome != .saved(version: 1) {
                throw Failure(description: "\(dataDir)/\(write.month)/\(write.unit).json: 已有这张表 (\(outcome))")
            }
            forms += batch.count
            batch.removeAll(keepingCapacity: true)
        }
        // One reader per form (month and level), as `bbt render` reads files, not one per file.
        var readers: [Level: FormFile.Reader] = [:]
        for month in months {
            readers.removeAll()
            let folder = (dataDir as NSString).appendingPathComponent(month.description)
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted() where file.hasSuffix(".json") {
                let code = String(file.dropLast(5))
                guard let u = tree.index(of: code), let bytes = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(file)) else { continue }
                let level = tree[u].level
                let reader = readers[level] ?? FormFile.Reader(form: OneForm(catalog: catalog, month: month, level: level), catalog: catalog)
                readers[level] = reader
                let parsed = reader.read(Array(bytes))
                guard parsed.errors.isEmpty else {
                    throw Failure(description: "\(folder)/\(file): \(parsed.errors.joined(separator: "; "))")
                }
                let save = FormSave(
                    unit: code, month: month, expectedVersion: 0,
                    values: parsed.entries.map { (catalog.fields[$0.field].id, $0.period, $0.value) },
                    status: parsed.status, user: "seed", at: parsed.submittedAt ?? at, explanation: parsed.explanation)
                batch.append(FormWrite(save, current: .empty, stored: { _, _ in nil })!)
                if batch.count == 500 { try await flush() }
            }
        }
        try await flush()
        try await loadUploads(folder, into: store, catalog: catalog, tree: tree, providers: providers, at: at)
        try await loadCorrections(folder, into: store, catalog: catalog, tree: tree, at: at)
        try await loadEffort(folder, into: store, catalog: catalog, tree: tree)
        try await loadRequests(folder, into: store, templates: templates)
        return (tree.units.count, users, forms)
    }

    /// `sources/SOURCE/*.csv`, in name order, each checked and stored as an upload by the source's
    /// first provider in users.csv.
    static func loadUploads(_ folder: String, into store: any Store, catalog: Catalog, tree: UnitTree,
                            providers: [String: (username: String, unit: String)], at: Instant) async throws {
        let root = (folder as NSString).appendingPathComponent("sources")
        for source in ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted() {
            let dir = (root as NSString).appendingPathComponent(source)
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() where file.hasSuffix(".csv") {
                let path = (dir as NSString).appendingPathComponent(file)
                guard let provider = providers[source] else { throw Failure(description: "\(path): users.csv 中没有数据来源 \(source) 的 provider") }
                guard let data = FileManager.default.contents(atPath: path), let text = TextDecoding.decode(Array(data)) else {
                    throw Failure(description: "\(path): 读不出 UTF-8 或 GB18030 文本")
                }
                let uploaded = try await Upload.store(Supply.rows(csv: text), source: source, user: provider.username,
                                                      unit: provider.unit, catalog: catalog, tree: tree, into: store, at: at)
                switch uploaded {
                case .failure(.forbidden(let problems)), .failure(.invalid(let problems)):
                    throw Failure(description: problems.map { "\(path): \($0.field): \($0.message)" }.joined(separator: "\n"))
                case .success: break
                }
            }
        }
    }

    /// `corrections.csv`: `unit,period,field,reason` for values a community saved that differ from
    /// the supplied ones; stored with the form, as its filler would have given them.
    static func loadCorrections(_ folder: String, into store: any Store, catalog: Catalog, tree: UnitTree, at: Instant) async throws {
        let path = (folder as NSString).appendingPathComponent("corrections.csv")
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { return }
        for row in CSV.parse(text).dropFirst() {
            let f = row.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == 4, tree.index(of: f[0]) != nil, let period = Period(f[1]), catalog.field(f[2]) != nil else {
                throw Failure(description: "\(path):\(row.line): 应为 unit,period,field,reason")
            }
            let provided = try await store.providedValues(units: [f[0]], periods: [period]).first { $0.field == f[2] }
            guard let provided else { throw Failure(description: "\(path):\(row.line): \(f[0]) 的 \(f[2]) (\(period)) 没有部门数据") }
            let state = try await store.formState(unit: f[0], month: period.lastMonth)
            _ = try await store.save(FormSave(
                unit: f[0], month: period.lastMonth, expectedVersion: state.version, values: [], status: state.status,
                user: "seed", at: at, reason: state.reason,
                corrections: [Correction(field: f[2], period: period, provided: provided.value, reason: f[3])]))
        }
    }

    /// `effort.csv`: `unit,month,active_seconds` — the minutes a demo community spent on its form,
    /// as the web form would have measured them; each submitted form's values are counted (typed,
    /// checked, carried) as its submission would have counted them, so the burden page has data.
    static func loadEffort(_ folder: String, into store: any Store, catalog: Catalog, tree: UnitTree) async throws {
        let path = (folder as NSString).appendingPathComponent("effort.csv")
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else { return }
        for row in CSV.parse(text).dropFirst() {
            let f = row.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard f.count == 3, let u = tree.index(of: f[0]), let month = Period(f[1]), month.frequency == .month,
                  let seconds = Int(f[2]), seconds >= 0 else {
                throw Failure(description: "\(path):\(row.line): 应为 unit,month,active_seconds")
            }
            try await store.addActiveSeconds(unit: f[0], month: month, seconds: seconds)
            let form = OneForm(catalog: catalog, month: month, level: tree[u].level)
            let supplied = Array(Set(form.entries.filter { $0.field.source != nil }.map(\.period)))
            let snapshot = try await store.formSnapshot(unit: f[0], month: month, periods: form.periodsShown, suppliedPeriods: supplied)
            guard FormWorkflow.isLocked(snapshot.state.status) else { continue }
            var values: [String: Value] = [:]
            for v in snapshot.values { values["\(v.field)@\(v.period)"] = v.value }
            var provided: [String: Value] = [:]
            for p in snapshot.provided { provided[p.field] = p.value }
            try await store.setEntryCounts(unit: f[0], month: month,
                                           counts: form.entryCounts({ values["\($0)@\($1)"] }, provided: provided))
        }
    }

    /// `requests.json`: requests for reports (报表准入) as a department filed them and the office
    /// decided: a `.bbt` draft in `source`, or for a report already in the templates its `reportID`
    /// (its block is the draft, admitted as published); `steps` after the submission.
    static func loadRequests(_ folder: String, into store: any Store, templates: [String: String]) async throws {
        let path = (folder as NSString).appendingPathComponent("requests.json")
        guard let data = FileManager.default.contents(atPath: path) else { return }
        struct Step: Decodable { let at: String; let user: String; let action: String; let reason: String? }
        struct Filed: Decodable {
            let requester, title, authority, reason, basis, frequency, kind, submittedAt: String
            let until, source, reportID: String?
            let steps: [Step]
        }
        let filed: [Filed]
        do { filed = try JSONDecoder().decode([Filed].self, from: data) } catch { throw Failure(description: "\(path): \(error)") }
        let files = templates.sorted { $0.key < $1.key }.map { SourceFile(path: $0.key, text: $0.value) }
        for (n, f) in filed.enumerated() {
            func fail(_ m: String) -> Failure { Failure(description: "\(path): 第 \(n + 1) 份申请: \(m)") }
            guard let kind = RequestKind(rawValue: f.kind), let submitted = Instant(f.submittedAt) else { throw fail("kind 或 submittedAt 不对") }
            let draft: String
            if let id = f.reportID {
                guard let block = files.lazy.compactMap({ reportBlock(id, in: $0.text) }).first else { throw fail("模板中没有报表 \(id)") }
                draft = block
            } else if let source = f.source {
                draft = source
            } else {
                throw fail("需要 source 或 reportID")
            }
            let against = TemplateSources(files.map { SourceFile(path: $0.path, text: $0.text.replacingOccurrences(of: draft, with: "")) })
            let review: AdmissionReview
            do { review = try AdmissionReview.make(draft: draft, sources: against) } catch { throw fail("\(error)") }
            var r = StoredRequest(requester: f.requester, title: f.title, authority: f.authority, reason: f.reason, basis: f.basis,
                                  frequency: f.frequency, until: f.until.flatMap(Month.init), kind: kind, form: nil, fileName: nil,
                                  draft: draft, reportID: review.reportID, addedEntries: review.addedEntriesPerUnit, submittedAt: submitted,
                                  history: [RequestEvent(at: submitted, user: f.requester, action: "submit", reason: nil)])
            for step in f.steps {
                guard let at = Instant(step.at), let decision = RequestDecision(rawValue: step.action) else { throw fail("步骤 \(step.action) 不对") }
                r.history.append(RequestEvent(at: at, user: step.user, action: step.action, reason: step.reason))
                r.status = decision.status
                if decision != .return { r.decidedAt = at }
            }
            if r.status == .approved {
                let catalog = Compiler.compile(TemplateSources(files)).catalog
                r.listed = catalog.report(r.reportID)?.listed
                r.validUntil = catalog.report(r.reportID)?.validUntil.flatMap(Month.init)
            }
            _ = try await store.addRequest(r, audit: AdminAuditEntry(at: submitted, user: f.requester, action: "request_submit",
                                                                     target: f.title, detail: "示例数据"))
        }
    }

    /// The text of `report ID …{ … }` in a file, from its first line to the `}` that closes it at
    /// the start of a line.
    static func reportBlock(_ id: String, in text: String) -> String? {
        guard let start = text.range(of: "report \(id) ") else { return nil }
        let lineStart = text[..<start.lowerBound].lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        guard let end = text[start.upperBound...].range(of: "\n}") else { return nil }
        return String(text[lineStart..<text.index(end.lowerBound, offsetBy: 2)])
    }
}
