import Foundation
import Testing

/// Accounts as a district runs them: an admin adds a worker, who must change the given password
/// before anything else; a user who left is disabled and out at once; every change audited.
@Suite struct UserTests {
    static func code(_ r: TestService.Reply) -> String? { (r.json["error"] as? [String: Any])?["code"] as? String }
    static func fields(_ r: TestService.Reply) -> [String: Any] { (r.json["error"] as? [String: Any])?["fields"] as? [String: Any] ?? [:] }

    @Test func anAdminAddsAWorkerWhoMustChangeTheGivenPasswordAndThenFillsTheForm() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            let created = try await s.request("POST", "/api/v1/users", token: admin,
                                              body: ["username": "wang.li", "password": "temp-1234", "role": "filler", "unit": "510104002003"])
            #expect(created.status == 201)
            #expect(created.json["mustChangePassword"] as? Bool == true)
            #expect(created.json["unitName"] as? String == "王家坝社区")
            let login = try await s.request("POST", "/api/v1/login", body: ["username": "wang.li", "password": "temp-1234"])
            #expect(login.json["mustChangePassword"] as? Bool == true)
            let token = try #require(login.json["token"] as? String)
            let blocked = try await s.request("GET", "/api/v1/units/510104002003/forms/2023-06", token: token)
            #expect(blocked.status == 403 && UserTests.code(blocked) == "password_change_required")
            // The pages lead to the change of password.
            let page = try await s.request("GET", "/form/510104002003", cookie: token)
            #expect(page.status == 303 && page.headers["location"] == "/me/password")
            #expect(try await s.request("GET", "/me/password", cookie: token).status == 200)
            // Wrong old password, too short, the same again: 422 with the field.
            let wrong = try await s.request("POST", "/api/v1/me/password", token: token, body: ["old": "nope-nope", "new": "better-5678"])
            #expect(wrong.status == 422 && UserTests.fields(wrong)["old"] != nil)
            let short = try await s.request("POST", "/api/v1/me/password", token: token, body: ["old": "temp-1234", "new": "short"])
            #expect(short.status == 422 && UserTests.fields(short)["new"] != nil)
            let same = try await s.request("POST", "/api/v1/me/password", token: token, body: ["old": "temp-1234", "new": "temp-1234"])
            #expect(same.status == 422)
            let changed = try await s.request("POST", "/api/v1/me/password", token: token, body: ["old": "temp-1234", "new": "better-5678"])
            #expect(changed.status == 200)
            // The same session goes on, now allowed to fill the form.
            let form = try await s.request("GET", "/api/v1/units/510104002003/forms/2023-06", token: token)
            #expect(form.status == 200)
            let saved = try await s.request("PUT", "/api/v1/units/510104002003/forms/2023-06", token: token,
                                            body: ["values": ["pop_resident": 15000], "version": form.json["version"] as? Int ?? 0])
            #expect(saved.status == 200)
            #expect(try await s.login("wang.li", "better-5678").isEmpty == false)
            #expect(try await s.request("POST", "/api/v1/login", body: ["username": "wang.li", "password": "temp-1234"]).status == 401)
        }
    }

    @Test func creatingAUserRefusesWhatCannotBe() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            func create(_ body: [String: Any]) async throws -> TestService.Reply {
                try await s.request("POST", "/api/v1/users", token: admin, body: body)
            }
            let good: [String: Any] = ["username": "new1", "password": "long-enough", "role": "reviewer", "unit": "510104001"]
            #expect(try await create(good).status == 201)
            let taken = try await create(good)
            #expect(taken.status == 409 && UserTests.fields(taken)["username"] != nil)
            var unknown = good; unknown["username"] = "new2"; unknown["unit"] = "999"
            let u = try await create(unknown)
            #expect(u.status == 422 && UserTests.fields(u)["unit"] as? String == "没有单位 999")
            var short = good; short["username"] = "new3"; short["password"] = "1234567"
            #expect(UserTests.fields(try await create(short))["password"] as? String == "密码至少 8 个字符")
            var filler = good; filler["username"] = "new4"; filler["role"] = "filler"; filler["unit"] = "510104"
            let above = try await create(filler)
            #expect(above.status == 422 && (UserTests.fields(above)["unit"] as? String ?? "").contains("这一级不填报表"))
            var provider = good; provider["username"] = "new5"; provider["role"] = "provider"
            #expect(UserTests.fields(try await create(provider))["source"] != nil)
            provider["source"] = "nope"
            #expect(UserTests.fields(try await create(provider))["source"] as? String == "没有数据来源 nope")
            var bad = good; bad["username"] = "带中文"
            #expect(UserTests.fields(try await create(bad))["username"] != nil)
            for who in ["jinjiang", "c001001", "gongan"] {
                let token = try await s.login(who)
                #expect(try await s.request("POST", "/api/v1/users", token: token, body: good).status == 403)
                #expect(try await s.request("GET", "/api/v1/users", token: token).status == 403)
                #expect(try await s.request("PATCH", "/api/v1/users/c001001", token: token, body: ["disabled": true]).status == 403)
            }
            let list = try await s.request("GET", "/api/v1/users", token: admin)
            let users = try #require(list.json["users"] as? [[String: Any]])
            #expect(users.contains { $0["username"] as? String == "new1" })
            #expect(!list.text.contains("password") || !list.text.contains("$2"))
        }
    }

    @Test func aDisabledUserIsOutAtOnceAndAResetPasswordIsTemporary() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            let filler = try await s.login("c001001")
            #expect(try await s.request("GET", "/api/v1/units/510104001001/forms/2023-06", token: filler).status == 200)
            let off = try await s.request("PATCH", "/api/v1/users/c001001", token: admin, body: ["disabled": true])
            #expect(off.status == 200 && off.json["disabled"] as? Bool == true)
            #expect(try await s.request("GET", "/api/v1/units/510104001001/forms/2023-06", token: filler).status == 401)
            let again = try await s.request("POST", "/api/v1/login", body: ["username": "c001001", "password": "demo1234"])
            #expect(again.status == 401 && UserTests.code(again) == "disabled")
            #expect(try await s.request("PATCH", "/api/v1/users/c001001", token: admin, body: ["disabled": false]).status == 200)
            let back = try await s.login("c001001")
            // A password an admin sets is temporary, and ends the user's sessions.
            #expect(try await s.request("PATCH", "/api/v1/users/c001001", token: admin, body: ["password": "reset-9999"]).status == 200)
            #expect(try await s.request("GET", "/api/v1/units/510104001001/forms/2023-06", token: back).status == 401)
            let relogin = try await s.request("POST", "/api/v1/login", body: ["username": "c001001", "password": "reset-9999"])
            #expect(relogin.json["mustChangePassword"] as? Bool == true)
            // Role, unit and source are checked together; an admin cannot lock themselves out.
            let move = try await s.request("PATCH", "/api/v1/users/c001001", token: admin, body: ["unit": "510104001002"])
            #expect(move.status == 200 && move.json["unit"] as? String == "510104001002")
            #expect(try await s.request("PATCH", "/api/v1/users/c001001", token: admin, body: ["unit": "510104"]).status == 422)
            #expect(try await s.request("PATCH", "/api/v1/users/admin", token: admin, body: ["disabled": true]).status == 422)
            #expect(try await s.request("PATCH", "/api/v1/users/nobody", token: admin, body: ["disabled": true]).status == 404)
            #expect(try await s.request("PATCH", "/api/v1/users/c001001", token: admin, body: ["password": "short"]).status == 422)
            // Every change in the admin audit, in order; reviewers do not see it.
            let audit = try await s.request("GET", "/api/v1/audit?kind=admin", token: admin)
            let entries = try #require(audit.json["entries"] as? [[String: Any]])
            let mine = entries.filter { $0["target"] as? String == "c001001" }.map { "\($0["action"]!) \($0["detail"]!)" }
            #expect(mine == ["change_user 停用", "change_user 启用", "change_user 重设密码 (临时)", "change_user 单位 龙王庙社区 (510104001002)"])
            #expect(entries.allSatisfy { $0["user"] as? String != nil && $0["at"] as? String != nil })
            #expect(try await s.request("GET", "/api/v1/audit?kind=admin", token: try await s.login("jinjiang")).status == 403)
        }
    }
}
