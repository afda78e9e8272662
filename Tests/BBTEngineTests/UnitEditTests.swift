import BBTEngine
import BBTTemplates
import Testing

/// An admin's change of the unit tree as the request states it: every problem with its member, and
/// the admin audit's words.
@Suite struct UnitEditTests {
    static let tree = try! UnitsCSV.parse("""
        code,name,level,parent
        5101,锦江区,district,
        510101,书院街街道,street,5101
        510102,春熙路街道,street,5101
        c1,一社区,community,510101
        """, path: "units.csv").get()

    func members(_ r: Result<some Any, UnitEdit.Refusal>) -> [String] {
        if case .failure(let f) = r { return f.problems.map(\.field) }
        return []
    }

    @Test func aNewUnit() throws {
        let ok = try UnitEdit.new(code: "c9", name: "新设社区", level: "community", parent: "510101", from: "2023-07", in: Self.tree).get()
        #expect(ok.code == "c9" && ok.name == "新设社区" && ok.level == .community && ok.parent == "510101" && ok.from == "2023-07")
        #expect(ok.summary == "新设社区 · 社区 · 上级 书院街街道 (510101) · 2023-07 起")
        let always = try UnitEdit.new(code: "c9", name: "新设社区", level: "community", parent: "510101", from: nil, in: Self.tree).get()
        #expect(always.from == nil && always.summary == "新设社区 · 社区 · 上级 书院街街道 (510101)")
        let rows: [(String?, String?, String?, String?, String?, [String])] = [
            ("x y", "新设社区", "community", "510101", nil, ["code"]),
            ("c9", "", "community", "510101", nil, ["name"]),
            ("c9", "  ", "community", "510101", nil, ["name"]),
            ("c9", String(repeating: "长", count: 61), "community", "510101", nil, ["name"]),
            ("c9", "新设社区", "village", "510101", nil, ["level"]),
            ("c9", "新设社区", "community", "nope", nil, ["parent"]),
            ("c9", "新设社区", "community", "510101", "2023-7", ["from"]),
            (nil, nil, nil, nil, nil, ["code", "name", "level", "parent"]),
            ("x y", "新设社区", "community", "nope", "2023-7", ["code", "parent", "from"]),
        ]
        for (code, name, level, parent, from, problems) in rows {
            #expect(members(UnitEdit.new(code: code, name: name, level: level, parent: parent, from: from, in: Self.tree)) == problems,
                    "\(code ?? "-") \(name ?? "-") \(level ?? "-") \(parent ?? "-") \(from ?? "-")")
        }
        if case .failure(let f) = UnitEdit.new(code: "c9", name: "x", level: "community", parent: "", from: nil, in: Self.tree) {
            #expect(f.problems == [FieldMessage("parent", "请选择上级单位")])
        }
    }

    /// A row: the request's members, then what is done in words, or the members refused.
    struct Change {
        let name: String?, parent: String?, from: String?, until: String??, unknown: [String]
        let said: [String]?, refused: [String]
        init(_ name: String?, _ parent: String?, _ from: String?, _ until: String?? = nil, unknown: [String] = [],
             said: [String]? = nil, refused: [String] = []) {
            (self.name, self.parent, self.from, self.until, self.unknown, self.said, self.refused) = (name, parent, from, until, unknown, said, refused)
        }
    }

    @Test func aChange() {
        let rows: [Change] = [
            Change("和平街新社区", nil, "2023-08", said: ["改名为 和平街新社区 (2023-08 起)"]),
            Change(nil, "510102", "2023-09", said: ["迁至 春熙路街道 (510102) (2023-09 起)"]),
            Change("新名", "510102", "2023-09", said: ["改名为 新名, 迁至 春熙路街道 (510102) (2023-09 起)"]),
            Change(nil, nil, nil, .some("2023-06"), said: ["撤并 (存续至 2023-06)"]),
            Change(nil, nil, nil, .some(nil), said: ["恢复"]),
            Change("新名", nil, "2023-08", .some("2023-12"), said: ["改名为 新名 (2023-08 起)", "撤并 (存续至 2023-12)"]),
            Change("新名", nil, nil, refused: ["from"]),
            Change(nil, "510102", nil, refused: ["from"]),
            Change("新名", nil, "2023-8", refused: ["from"]),
            Change("", nil, "2023-08", refused: ["name"]),
            Change(nil, "nope", "2023-08", refused: ["parent"]),
            Change(nil, nil, nil, .some("2023-6"), refused: ["until"]),
            Change(nil, nil, nil, unknown: ["level", "code"], refused: ["level", "code"]),
        ]
        for row in rows {
            let label = "\(row.name ?? "-") \(row.parent ?? "-") \(row.from ?? "-") \(row.unknown)"
            switch UnitEdit.change(code: "c1", name: row.name, parent: row.parent, from: row.from, until: row.until, unknown: row.unknown,
                                   in: Self.tree) {
            case .success(let c):
                #expect(c.summary == row.said, "\(label)")
                #expect(c.code == "c1" && c.name == row.name && c.parent == row.parent && c.until == row.until.map { $0.flatMap(Month.init(stringLiteral:)) }, "\(label)")
                #expect(c.renamesOrMoves == (row.name != nil || row.parent != nil), "\(label)")
            case .failure(let f):
                #expect(row.said == nil && f.problems.map(\.field) == row.refused, "\(label): \(f.problems)")
            }
        }
    }

    @Test func importingAFileIsSummedUpByKind() {
        let next = try! UnitsCSV.parse("""
            code,name,level,parent
            5101,锦江区,district,
            510101,书院街街道(新),street,5101
            c1,一社区,community,510102
            510102,春熙路街道,street,5101
            c2,二社区,community,510102
            """, path: "units.csv").get()
        let diff = UnitsDiff(current: Self.tree, next: next, month: MonthNumber.parse("2023-07")!)
        #expect(diff.summary == "新增 1, 改名 1, 迁移 1, 撤并 0")
    }
}
