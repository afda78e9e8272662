import BBTEngine
import BBTStore
import BBTTemplates

/// The unit tree over time: anyone reads a month's tree; admins add units, rename, move and close
/// them from a month, and import a new units file with a preview. What a change means is decided by
/// the engine (`UnitEdit`, `UnitsDiff`, `UnitTree.problems`); this service loads the stored units,
/// asks it, and stores the change with its admin audit row. Nothing is deleted: reports of earlier
/// periods come out as they did.
struct UnitService {
    let state: ServiceState

    /// A new units file's size limit: a province's file is well under it.
    static let maxFile = 8 << 20


    /// The tree as it stood in `month`: names and parents then, only the units that existed then.
    func tree(at month: Period) -> UnitTree {
        state.tree.at(month)
    }

    /// A new unit from its month; 422 for what the request gets wrong or a tree that would not hold,
    /// 409 when the code is taken (by any unit that ever existed).
    func add(code: String?, name: String?, level: String?, parent: String?, from: String?, by admin: UserRecord) async throws -> UnitEdit.New {
        try state.require(.manageUnits, of: admin)
        let new: UnitEdit.New
        switch UnitEdit.new(code: code, name: name, level: level, parent: parent, from: from, in: state.tree) {
        case .success(let n): new = n
        case .failure(let refusal): throw UnitService.invalid("单位信息有误", refusal)
        }
        guard state.tree.index(of: new.code) == nil else { throw UnitService.taken(new.code) }
        let unit = StoredUnit(code: new.code, name: new.name, level: new.level, parent: new.parent, from: new.from, until: nil)
        try check(try await state.store.units() + [unit], try await state.store.unitChanges())
        guard try await state.store.addUnit(unit, audit: audit("add_unit", new.code, new.summary, by: admin)) else {
            throw UnitService.taken(new.code)
        }
        try await state.reloadUnits()
        return new
    }

    /// A rename or move from a month, a closing after one (`until`), or both; 404 for a unit the
    /// tree never had.
    func change(code: String, name: String?, parent: String?, from: String?, until: String??, unknown: [String],
                by admin: UserRecord) async throws -> UnitEdit.Change {
        try state.require(.manageUnits, of: admin)
        guard let u = state.tree.index(of: code) else { throw APIError.notFound("没有单位 \(code)") }
        let change: UnitEdit.Change
        switch UnitEdit.change(code: code, name: name, parent: parent, from: from, until: until, unknown: unknown, in: state.tree) {
        case .success(let c): change = c
        case .failure(let refusal): throw UnitService.invalid("\(state.tree[u].name)的信息有误", refusal)
        }
        var units = try await state.store.units()
        var changes = try await state.store.unitChanges()
        var stored: StoredUnitChange?
        if change.renamesOrMoves, let from = change.from {
            stored = StoredUnitChange(code: code, from: from, name: change.name, parent: change.parent)
            changes.append(stored!)
        }
        if let until = change.until, let i = units.firstIndex(where: { $0.code == code }) {
            let was = units[i]
            units[i] = StoredUnit(code: was.code, name: was.name, level: was.level, parent: was.parent, from: was.from, until: until)
        }
        try check(units, changes)
        let audit = audit("change_unit", code, change.summary.joined(separator: "; "), by: admin)
        switch (stored, change.until) {
        case (let s?, let until??):
            // A move and a closing together: one transaction, one audit row.
            try await state.store.applyUnits(adding: [], changing: [s], closing: [code], until: until, audit: audit)
        case (let s?, let until):
            try await state.store.changeUnit(s, audit: audit)
            if let until { try await state.store.closeUnit(code: code, until: until, audit: audit) }
        case (nil, let until?):
            try await state.store.closeUnit(code: code, until: until, audit: audit)
        case (nil, nil):
            break
        }
        try await state.reloadUnits()
        return change
    }

    /// What importing a units file changed, or would change.
    struct Import {
        let diff: UnitsDiff
        let from: Month
        /// The last month of the units the file leaves out.
        let until: Month
        let applied: Bool
    }

    /// A new units file (`csv`, UTF-8) from month `from`: the preview of what it adds, renames, moves
    /// and closes; with `apply`, applied in one transaction. Units that exist in `from` but not in
    /// the file are closed after the month before; nothing is deleted.
    func importUnits(csv: [UInt8], from fromText: String?, apply: Bool, by admin: UserRecord) async throws -> Import {
        try state.require(.manageUnits, of: admin)
        guard let from = fromText.flatMap(Month.init) else {
            throw APIError(.unprocessableContent, "invalid_values", "请写明新的单位表从哪个月起生效", fields: [("from", UnitEdit.monthRule)])
        }
        guard let text = String(validating: csv, as: UTF8.self) else {
            throw APIError.badRequest("单位表应为 UTF-8 编码的 CSV 文件", member: "file")
        }
        let next: UnitTree
        switch UnitsCSV.parse(text, path: "units.csv") {
        case .success(let t): next = t
        case .failure(let e): throw APIError(.unprocessableContent, "invalid_values", "单位表有误", fields: e.messages.map { ("file", $0) })
        }
        let diff = UnitsDiff(current: state.tree, next: next, month: from.number)
        guard diff.problems.isEmpty else {
            throw APIError(.unprocessableContent, "invalid_values", "单位表有误", fields: diff.problems.map { ("file", $0) })
        }
        let until = from.previous
        let adding = diff.added.map { StoredUnit(code: $0.code, name: $0.name, level: $0.level, parent: $0.parent, from: from, until: nil) }
        let changing = diff.renamed.map { StoredUnitChange(code: $0.code, from: from, name: $0.to, parent: nil) }
            + diff.moved.map { StoredUnitChange(code: $0.code, from: from, name: nil, parent: $0.to) }
        let closing = Set(diff.closed.map(\.code))
        let units = try await state.store.units().map { u in
            closing.contains(u.code) ? StoredUnit(code: u.code, name: u.name, level: u.level, parent: u.parent, from: u.from, until: until) : u
        }
        try check(units + adding, try await state.store.unitChanges() + changing)
        if apply && !diff.isEmpty {
            try await state.store.applyUnits(adding: adding, changing: changing, closing: diff.closed.map(\.code), until: until,
                                             audit: audit("import_units", "\(from) 起", diff.summary, by: admin))
            try await state.reloadUnits()
        }
        return Import(diff: diff, from: from, until: until, applied: apply)
    }

    /// 422 with the problems of the tree the change would make, if any.
    private func check(_ units: [StoredUnit], _ changes: [StoredUnitChange]) throws {
        let problems = UnitTree.stored(units, changes: changes).problems()
        guard problems.isEmpty else {
            throw APIError(.unprocessableContent, "invalid_values", "这样改会使单位树不成立", fields: problems.map { ("tree", $0) })
        }
    }

    private func audit(_ action: String, _ target: String, _ detail: String, by admin: UserRecord) -> AdminAuditEntry {
        AdminAuditEntry(at: state.clock.instant(), user: admin.username, action: action, target: target, detail: detail)
    }

    static func invalid(_ message: String, _ refusal: UnitEdit.Refusal) -> APIError {
        APIError(.unprocessableContent, "invalid_values", message, fields: refusal.problems.map { ($0.field, $0.message) })
    }

    static func taken(_ code: String) -> APIError {
        APIError(.conflict, "taken", "单位代码 \(code) 已被使用", fields: [("code", "已被使用 (撤并的单位也保留它的代码)")])
    }
}
