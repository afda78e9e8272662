import BBTEngine
import Testing

/// An admin's change of an account: what is refused apart from how role, unit and source fit, and
/// the admin audit's words for it.
@Suite struct AccountChangeTests {
    static let units = ["510104001002": "龙王庙社区", "510104002003": "王家坝社区"]
    static let sources = ["gongan": "成都市公安局"]

    func summary(_ c: AccountChange) -> String {
        c.summary(unitName: { Self.units[$0] }, sourceName: { Self.sources[$0] })
    }

    @Test func theAuditSaysWhatChangedInTheOrderOfTheMembers() {
        let rows: [(AccountChange, String)] = [
            (AccountChange(disabled: true), "停用"),
            (AccountChange(disabled: false), "启用"),
            (AccountChange(password: "reset-9999"), "重设密码 (临时)"),
            (AccountChange(unit: "510104001002"), "单位 龙王庙社区 (510104001002)"),
            (AccountChange(unit: "999"), "单位 999"),
            (AccountChange(role: .provider, source: .some("gongan")), "角色 部门数据账号; 数据来源 成都市公安局"),
            (AccountChange(source: .some("nope")), "数据来源 nope"),
            (AccountChange(source: .some(nil)), "无数据来源"),
            (AccountChange(role: .reviewer, unit: "510104002003", disabled: false, password: "x"),
             "角色 审核员; 单位 王家坝社区 (510104002003); 启用; 重设密码 (临时)"),
            (AccountChange(), ""),
        ]
        for (change, said) in rows { #expect(summary(change) == said, "\(change)") }
    }

    @Test func aNewAccountIsDescribedByRoleUnitAndSource() {
        let rows: [(UserRole, String, String?, String)] = [
            (.filler, "510104002003", nil, "填报员 · 王家坝社区 (510104002003)"),
            (.provider, "510104002003", "gongan", "部门数据账号 · 王家坝社区 (510104002003) · 成都市公安局"),
            (.reviewer, "999", nil, "审核员 · 999"),
        ]
        for (role, unit, source, said) in rows {
            #expect(AccountChange.creation(role: role, unit: unit, source: source, unitName: { Self.units[$0] },
                                           sourceName: { Self.sources[$0] }) == said)
        }
    }

    @Test func aShortPasswordAndDisablingOneselfAreRefused() {
        let rows: [(AccountChange, String, [String])] = [
            (AccountChange(password: "short"), "c001001", ["password 密码至少 8 个字符"]),
            (AccountChange(password: "long-enough"), "c001001", []),
            (AccountChange(disabled: true), "admin", ["disabled 不能停用自己的账号"]),
            (AccountChange(disabled: false), "admin", []),
            (AccountChange(disabled: true), "c001001", []),
            (AccountChange(disabled: true, password: "1"), "admin", ["password 密码至少 8 个字符", "disabled 不能停用自己的账号"]),
        ]
        for (change, username, problems) in rows {
            #expect(change.problems(of: username, by: "admin").map { "\($0.member) \($0.message)" } == problems, "\(change) \(username)")
        }
    }
}
