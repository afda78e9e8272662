import BBTEngine
import BBTTemplates
import Testing

/// The permission model as tables: every role against every capability, every actor against the
/// office's view, every role against a source, and the account rules the API and the seed share.
@Suite struct PermissionsTests {
    @Test func capabilitiesByRole() {
        let table: [UserRole: Set<Capability>] = [
            .admin: Set(Capability.allCases),
            .reviewer: [.readCatalog, .readAudit, .reviewUnits],
            .filler: [],
            .provider: [],
            .requester: [],
        ]
        for role in UserRole.allCases {
            for c in Capability.allCases {
                #expect(role.may(c) == table[role]!.contains(c), "\(role) \(c)")
            }
        }
    }

    @Test func anOfficesViewOfAUnit() {
        let allowed: Set<String> = ["admin/own", "admin/below", "admin/outside", "reviewer/own", "reviewer/below"]
        for role in UserRole.allCases {
            for relation in UnitRelation.allCases {
                let actor = Actor(role: role, relation: relation)
                #expect(actor.mayReview == allowed.contains(actor.description), "\(actor)")
                // The view is never wider than reading.
                if actor.mayReview { #expect(actor.mayRead) }
            }
        }
    }

    @Test func aSourceIsItsProvidersAndReadByAnAdmin() {
        let rows: [(UserRole, String?, SourceAccess.Action, Bool)] = [
            (.provider, "gongan", .upload, true), (.provider, "gongan", .read, true),
            (.provider, "minzheng", .upload, false), (.provider, "minzheng", .read, false), (.provider, nil, .read, false),
            (.admin, nil, .read, true), (.admin, nil, .upload, false),
            (.reviewer, nil, .read, false), (.filler, nil, .read, false), (.filler, "gongan", .upload, false),
        ]
        for (role, own, action, expected) in rows {
            #expect(SourceAccess.may(action, role: role, ownSource: own, source: "gongan") == expected, "\(role) \(own ?? "-") \(action)")
        }
    }

    @Test func homes() {
        #expect(UserRole.allCases.map(\.home) == [.form, .review, .templates, .source, .requests])
    }

    /// 报表准入: a department's requester, a provider for its department, an admin on its behalf.
    @Test func whoMayAskForAReport() {
        #expect(UserRole.allCases.filter(\.mayFileRequests) == [.admin, .provider, .requester])
        #expect(RequestDecision.allCases.map(\.status) == [.approved, .rejected, .returned])
        #expect(RequestStatus.allCases.filter(\.isDecided) == [.approved, .rejected])
    }

    @Test func passwordsAndUsernames() {
        #expect(AccountRules.passwordProblem("1234567") == "密码至少 8 个字符")
        #expect(AccountRules.passwordProblem("12345678") == nil)
        #expect(AccountRules.passwordProblem("密码密码密码密码") == nil, "characters, not bytes")
        for ok in ["ab", "c002003", "a.b-c_d", String(repeating: "x", count: 32)] { #expect(AccountRules.validUsername(ok), "\(ok)") }
        for bad in ["a", "", "张三", "a b", "a/b", String(repeating: "x", count: 33)] { #expect(!AccountRules.validUsername(bad), "\(bad)") }
    }

    @Test func roleUnitAndSourceFitTogether() {
        func problems(_ role: UserRole, _ level: Level, _ source: String?, known: Bool = true) -> [String] {
            AccountRules.problems(role: role, unitName: "某单位", level: level, fillingLevels: [.community], source: source,
                                  sourceName: known ? source.map { _ in "公安局" } : nil).map(\.member)
        }
        #expect(problems(.filler, .community, nil) == [])
        #expect(problems(.filler, .street, nil) == ["unit"])
        #expect(problems(.reviewer, .street, nil) == [])
        #expect(problems(.reviewer, .street, "gongan") == ["source"])
        #expect(problems(.provider, .city, "gongan") == [])
        #expect(problems(.provider, .city, nil) == ["source"])
        #expect(problems(.provider, .city, "nope", known: false) == ["source"])
        #expect(problems(.filler, .street, "gongan") == ["unit", "source"])
        // Messages speak Chinese, never a request's key.
        let m = AccountRules.problems(role: .reviewer, unitName: "某单位", level: .street, fillingLevels: [.community], source: "gongan",
                                      sourceName: "公安局")
        #expect(m.map(\.message) == ["只有部门数据账号有数据来源"])
    }
}
