import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Hummingbird

/// The unit tree as it stood in a month, and its changes: a unit added, renamed or moved from a
/// month, closed after one (撤并). Nothing is deleted: reports of earlier periods come out as they did.
struct UnitRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/units") { request, context in try await units(request, context) }
        router.post("/api/v1/units") { request, context in try await addUnit(request, context) }
        router.patch("/api/v1/units/:code") { request, context in try await changeUnit(request, context) }
        router.post("/api/v1/units/import") { request, context in try await importUnits(request, context) }
    }

    /// A new `units.csv` (the body) from month `?from=`: the preview of what it adds, renames, moves
    /// and closes; with `?apply=true`, applied in one transaction. Units that exist now but not in the
    /// file are closed after the month before; nothing is deleted.
    func importUnits(_ request: Request, _ context: UserContext) async throws -> Response {
        let admin = try requireAdmin(context)
        let q = request.uri.queryParameters
        guard let fromText = q.get("from"), let from = MonthNumber.parse(fromText) else {
            throw APIError(.unprocessableContent, "invalid_values", "需要 ?from=YYYY-MM: 新的单位表从哪个月起生效", fields: [("from", "应为 YYYY-MM")])
        }
        var request = request
        let buffer = try await request.collectBody(upTo: 8 << 20)
        guard let text = String(validating: Array(buffer.readableBytesView), as: UTF8.self) else { throw APIError.badRequest("CSV 应为 UTF-8 编码") }
        let next: UnitTree
        switch UnitsCSV.parse(text, path: "units.csv") {
        case .success(let t): next = t
        case .failure(let e): throw APIError(.unprocessableContent, "invalid_values", "单位表有误", fields: e.messages.map { ("file", $0) })
        }
        let diff = UnitsDiff(current: state.tree, next: next, month: from)
        if !diff.problems.isEmpty {
            throw APIError(.unprocessableContent, "invalid_values", "单位表有误", fields: diff.problems.map { ("file", $0) })
        }
        let adding = diff.added.map { StoredUnit(code: $0.code, name: $0.name, level: $0.level, parent: $0.parent, from: fromText, until: nil) }
        var changing: [StoredUnitChange] = diff.renamed.map { StoredUnitChange(code: $0.code, from: fromText, name: $0.to, parent: nil) }
        changing += diff.moved.map { StoredUnitChange(code: $0.code, from: fromText, name: nil, parent: $0.to) }
        let until = MonthNumber.text(from - 1)
        var units = try await state.store.units()
        let closing = Set(diff.closed.map(\.code))
        units = units.map { u in closing.contains(u.code) ? StoredUnit(code: u.code, name: u.name, level: u.level, parent: u.parent, from: u.from, until: until) : u }
        try check(units + adding, try await state.store.unitChanges() + changing)
        let preview = JSONValue.object([
            ("from", .string(fromText)),
            ("added", .array(diff.added.map { .object([("code", .string($0.code)), ("name", .string($0.name)), ("level", .string($0.level.rawValue)), ("parent", .optional($0.parent))]) })),
            ("renamed", .array(diff.renamed.map { .object([("code", .string($0.code)), ("from", .string($0.from)), ("to", .string($0.to))]) })),
            ("moved", .array(diff.moved.map { .object([("code", .string($0.code)), ("name", .string($0.name)), ("from", .optional($0.from)), ("to", .optional($0.to))]) })),
            ("closed", .array(diff.closed.map { .object([("code", .string($0.code)), ("name", .string($0.name)), ("until", .string(until))]) })),
            ("unchanged", .int(diff.unchanged)),
        ])
        guard q.get("apply") == "true" else { return jsonResponse(.object([("applied", .bool(false)), ("preview", preview)])) }
        if !diff.isEmpty {
            let audit = AdminAuditEntry(at: state.clock.timestamp(), user: admin.username, action: "import_units", target: "\(fromText) 起",
                                        detail: "新增 \(diff.added.count), 改名 \(diff.renamed.count), 迁移 \(diff.moved.count), 撤并 \(diff.closed.count)")
            try await state.store.applyUnits(adding: adding, changing: changing, closing: Array(closing), until: until, audit: audit)
            try await state.reloadUnits()
        }
        return jsonResponse(.object([("applied", .bool(true)), ("preview", preview)]))
    }

    func requireAdmin(_ context: UserContext) throws -> UserRecord {
        let user = context.user
        guard user.role.may(.manageUnits) else { throw APIError.forbidden }
        return user
    }

    /// A `YYYY-MM` member, or a problem for it.
    static func month(_ body: JSONValue, _ key: String, into problems: inout [(String, String)]) -> String? {
        guard let value = body[key], value != .null else { return nil }
        guard let text = value.stringValue, MonthNumber.parse(text) != nil else {
            problems.append((key, "应为 YYYY-MM (如 2023-07)"))
            return nil
        }
        return text
    }

    /// 422 with the problems of the tree the change would make, if any.
    func check(_ units: [StoredUnit], _ changes: [StoredUnitChange]) throws {
        let problems = UnitTree.stored(units, changes: changes).problems()
        guard problems.isEmpty else {
            throw APIError(.unprocessableContent, "invalid_values", "这样改会使单位树不成立", fields: problems.map { ("tree", $0) })
        }
    }

    func addUnit(_ request: Request, _ context: UserContext) async throws -> Response {
        let admin = try requireAdmin(context)
        var request = request
        let body = try await request.json(context)
        guard case .object = body else { throw APIError.badRequest("需要 {\"code\", \"name\", \"level\", \"parent\", \"from\"}") }
        var problems: [(String, String)] = []
        let code = body["code"]?.stringValue ?? ""
        if !UnitsCSV.isValidCode(code) { problems.append(("code", "单位代码只能由字母、数字、\"-\" 和 \"_\" 组成")) }
        let name = body["name"]?.stringValue ?? ""
        if name.isEmpty || name.count > 60 { problems.append(("name", "名称不能为空, 不超过 60 字")) }
        let level = body["level"]?.stringValue.flatMap(Level.init(rawValue:))
        if level == nil { problems.append(("level", "层级应为 community、street、district 或 city")) }
        let parent = body["parent"]?.stringValue ?? ""
        if state.tree.index(of: parent) == nil { problems.append(("parent", "没有上级单位 \(parent)")) }
        let from = UnitRoutes.month(body, "from", into: &problems)
        guard problems.isEmpty, let level else { throw APIError(.unprocessableContent, "invalid_values", "单位信息有误", fields: problems) }
        guard state.tree.index(of: code) == nil else { throw APIError(.conflict, "taken", "单位代码 \(code) 已存在", fields: [("code", "已存在")]) }
        let unit = StoredUnit(code: code, name: name, level: level, parent: parent, from: from, until: nil)
        try check(try await state.store.units() + [unit], try await state.store.unitChanges())
        let audit = AdminAuditEntry(at: state.clock.timestamp(), user: admin.username, action: "add_unit", target: code,
                                    detail: "\(name) · \(level.chinese) · 上级 \(parent)\(from.map { " · \($0) 起" } ?? "")")
        guard try await state.store.addUnit(unit, audit: audit) else {
            throw APIError(.conflict, "taken", "单位代码 \(code) 已存在", fields: [("code", "已存在")])
        }
        try await state.reloadUnits()
        return jsonResponse(.object([("code", .string(code)), ("name", .string(name)), ("level", .string(level.rawValue)),
                                     ("parent", .string(parent)), ("from", .optional(from))]), status: .created)
    }

    /// `{"name"?, "parent"?, "from"?, "until"?}`: a rename or move takes effect from `from`; `until`
    /// closes the unit after that month (`null` opens it again).
    func changeUnit(_ request: Request, _ context: UserContext) async throws -> Response {
        let admin = try requireAdmin(context)
        let code = try context.parameter("code")
        guard state.tree.index(of: code) != nil else { throw APIError.notFound("没有单位 \(code)") }
        var request = request
        let body = try await request.json(context)
        guard case .object(let members) = body, !members.isEmpty else {
            throw APIError.badRequest("需要 {\"name\"?, \"parent\"?, \"from\"?, \"until\"?}")
        }
        var problems: [(String, String)] = []
        for (key, _) in members where !["name", "parent", "from", "until"].contains(key) { problems.append((key, "不能修改 \(key)")) }
        let name = body["name"]?.stringValue
        if body["name"] != nil, name?.isEmpty != false { problems.append(("name", "名称不能为空")) }
        let parent = body["parent"]?.stringValue
        if body["parent"] != nil, parent.flatMap(state.tree.index(of:)) == nil { problems.append(("parent", "没有上级单位 \(parent ?? "")")) }
        let from = UnitRoutes.month(body, "from", into: &problems)
        if (name != nil || parent != nil), from == nil, !problems.contains(where: { $0.0 == "from" }) {
            problems.append(("from", "改名或迁移须写明从哪个月起 (YYYY-MM)"))
        }
        let closing = members.contains { $0.0 == "until" }
        let until = UnitRoutes.month(body, "until", into: &problems)
        guard problems.isEmpty else { throw APIError(.unprocessableContent, "invalid_values", "单位信息有误", fields: problems) }

        var units = try await state.store.units()
        var changes = try await state.store.unitChanges()
        var said: [String] = []
        var change: StoredUnitChange?
        if name != nil || parent != nil, let from {
            change = StoredUnitChange(code: code, from: from, name: name, parent: parent)
            changes.append(change!)
            said.append([name.map { "改名为 \($0)" }, parent.map { "迁至 \($0)" }].compactMap { $0 }.joined(separator: ", ") + " (\(from) 起)")
        }
        if closing, let i = units.firstIndex(where: { $0.code == code }) {
            let u = units[i]
            units[i] = StoredUnit(code: u.code, name: u.name, level: u.level, parent: u.parent, from: u.from, until: until)
            said.append(until.map { "撤并 (存续至 \($0))" } ?? "恢复")
        }
        try check(units, changes)
        let audit = AdminAuditEntry(at: state.clock.timestamp(), user: admin.username, action: "change_unit", target: code,
                                    detail: said.joined(separator: "; "))
        if let change { try await state.store.changeUnit(change, audit: audit) }
        if closing { try await state.store.closeUnit(code: code, until: until, audit: audit) }
        try await state.reloadUnits()
        return jsonResponse(.object([("code", .string(code)), ("changes", .array(said.map(JSONValue.string)))]))
    }

    /// `?at=YYYY-MM` (default: the current month): the units that existed then, with their names and
    /// parents as they were, in tree order.
    func units(_ request: Request, _ context: UserContext) async throws -> Response {
        let month = try request.monthQuery("at") ?? state.clock.currentMonth()
        let tree = state.tree.at(month)
        return jsonResponse(.object([
            ("at", .string(month.description)),
            ("units", .array(tree.inOrder(month: month.endMonth).map { u, _ in
                let span = tree.spans[u]
                return .object([("code", .string(tree[u].code)), ("name", .string(tree[u].name)), ("level", .string(tree[u].level.rawValue)),
                                ("parent", .optional(tree[u].parent.map { tree[$0].code })), ("from", .optional(span.from.map(MonthNumber.text))),
                                ("until", .optional(span.until.map(MonthNumber.text)))])
            })),
        ]))
    }
}
