import BBTTemplates
import Foundation

/// An admin's change of the unit tree as a request states it, checked against the tree before
/// anything is stored (every problem with the member it concerns), and the admin audit's words for
/// it. Whether the tree the change makes still holds is `UnitTree.problems()`.
public enum UnitEdit {
    /// The problems found, each with the member of the request it concerns.
    public struct Refusal: Error, Sendable, Equatable {
        public let problems: [FieldMessage]
    }

    /// A new unit, from month `from` (`nil`: always).
    public struct New: Sendable, Equatable {
        public let code: String
        public let name: String
        public let level: Level
        public let parent: String
        public let from: Month?

        /// `新设社区 · 社区 · 上级 书院街街道 (510104002) · 2023-07 起`.
        public let summary: String
    }

    /// A rename or move from month `from`, a closing after month `until`, or both.
    public struct Change: Sendable, Equatable {
        public let code: String
        public let name: String?
        public let parent: String?
        /// Set when `name` or `parent` is.
        public let from: Month?
        /// `.some(nil)` opens a closed unit again; `nil` leaves its months.
        public let until: Month??

        public var renamesOrMoves: Bool { name != nil || parent != nil }

        /// What is done, in words: `改名为 和平街新社区 (2023-08 起)`, `撤并 (存续至 2023-06)`, `恢复`.
        public let summary: [String]
    }

    public static let nameRule = "名称不能为空, 不超过 60 字"
    public static let monthRule = "应为 YYYY-MM (如 2023-07)"
    public static let levelRule = "层级应为社区 (community)、街道 (street)、区 (district) 或市 (city)"
    static let codeRule = "单位代码只能由字母、数字、\"-\" 和 \"_\" 组成"

    /// A new unit under `parent`, a unit of `tree`; absent members are empty. Whether the code is
    /// taken is the store's to say (a code is never used twice, not even a closed unit's).
    public static func new(code: String?, name: String?, level: String?, parent: String?, from: String?,
                           in tree: UnitTree) -> Result<New, Refusal> {
        var problems: [FieldMessage] = []
        let code = code ?? "", name = name ?? "", parent = parent ?? ""
        if !UnitsCSV.isValidCode(code) { problems.append(FieldMessage("code", codeRule)) }
        if !validName(name) { problems.append(FieldMessage("name", nameRule)) }
        let level = level.flatMap(Level.init(rawValue:))
        if level == nil { problems.append(FieldMessage("level", levelRule)) }
        let p = tree.index(of: parent)
        if p == nil { problems.append(FieldMessage("parent", parent.isEmpty ? "请选择上级单位" : "没有上级单位 \(parent)")) }
        let month = from.flatMap(Month.init)
        if from != nil, month == nil { problems.append(FieldMessage("from", monthRule)) }
        guard problems.isEmpty, let level, let p else { return .failure(Refusal(problems: problems)) }
        let summary = "\(name) · \(level.chinese) · 上级 \(tree[p].name) (\(parent))" + (from.map { " · \($0) 起" } ?? "")
        return .success(New(code: code, name: name, level: level, parent: parent, from: month, summary: summary))
    }

    /// A change of `code`, a unit of `tree`. `unknown` are the request's members that cannot be changed.
    public static func change(code: String, name: String?, parent: String?, from: String?, until: String??, unknown: [String] = [],
                              in tree: UnitTree) -> Result<Change, Refusal> {
        var problems = unknown.map { FieldMessage($0, "这一项不能修改") }
        if let name, !validName(name) { problems.append(FieldMessage("name", nameRule)) }
        let p = parent.flatMap(tree.index(of:))
        if let parent, p == nil { problems.append(FieldMessage("parent", parent.isEmpty ? "请选择上级单位" : "没有上级单位 \(parent)")) }
        let fromMonth = from.flatMap(Month.init)
        if from != nil, fromMonth == nil {
            problems.append(FieldMessage("from", monthRule))
        } else if name != nil || parent != nil, from == nil {
            problems.append(FieldMessage("from", "改名或迁移须写明从哪个月起 (YYYY-MM)"))
        }
        let untilMonth: Month?? = until.map { $0.flatMap(Month.init) }
        if case let text?? = until, Month(text) == nil { problems.append(FieldMessage("until", monthRule)) }
        guard problems.isEmpty else { return .failure(Refusal(problems: problems)) }
        var summary: [String] = []
        if name != nil || parent != nil, let from {
            var moved: String?
            if let parent, let p { moved = "迁至 \(tree[p].name) (\(parent))" }
            summary.append([name.map { "改名为 \($0)" }, moved].compactMap { $0 }.joined(separator: ", ") + " (\(from) 起)")
        }
        if let until { summary.append(until.map { "撤并 (存续至 \($0))" } ?? "恢复") }
        return .success(Change(code: code, name: name, parent: parent, from: fromMonth, until: untilMonth, summary: summary))
    }

    static func validName(_ name: String) -> Bool {
        !name.trimmingCharacters(in: .whitespaces).isEmpty && name.count <= 60
    }
}

extension UnitsDiff {
    /// The admin audit's words for applying the file: `新增 1, 改名 1, 迁移 1, 撤并 1`.
    public var summary: String {
        "新增 \(added.count), 改名 \(renamed.count), 迁移 \(moved.count), 撤并 \(closed.count)"
    }
}
