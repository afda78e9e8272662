import BBTTestSupport
import Foundation
import Testing

/// The web pages as a browser without JavaScript sees them: log-in, redirects, escaping, scopes.
@Suite(.serialized) struct WebTests {
    /// One request through curl, which shows redirects and Set-Cookie as a browser receives them
    /// (FoundationNetworking follows redirects whatever its delegate says).
    func get(_ s: TestServer, _ path: String, cookie: String? = nil, method: String = "GET", form: String? = nil)
        async throws -> (Int, String, [String: String]) {
        let dir = try TestTools.temporaryDirectory("curl")
        defer { try? FileManager.default.removeItem(at: dir) }
        let headerFile = dir.appendingPathComponent("h").path, bodyFile = dir.appendingPathComponent("b").path
        var args = ["-s", "-X", method, "-o", bodyFile, "-D", headerFile, "-w", "%{http_code}"]
        if let cookie { args += ["-H", "Cookie: bbt_session=\(cookie)"] }
        if let form { args += ["-H", "Content-Type: application/x-www-form-urlencoded", "--data-raw", form] }
        let r = try TestTools.run("/usr/bin/curl", args + ["http://127.0.0.1:\(s.port)\(path)"])
        var headers: [String: String] = [:]
        for line in (try String(contentsOfFile: headerFile, encoding: .utf8)).split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (Int(r.stdout) ?? 0, (try? String(contentsOfFile: bodyFile, encoding: .utf8)) ?? "", headers)
    }

    @Test func logInThenLandOnTheRightPage() async throws {
        let s = try await TestServer.start()
        defer { Task { await s.stop() } }
        let (status, home, headers) = try await get(s, "/")
        #expect(status == 303 && headers["location"] == "/login" && home.isEmpty)
        let (loginStatus, loginPage, _) = try await get(s, "/login")
        #expect(loginStatus == 200 && loginPage.contains("登录报表通"))
        let (bad, badPage, _) = try await get(s, "/login", method: "POST", form: "username=c002003&password=wrong")
        #expect(bad == 401 && badPage.contains("用户名或密码错误"))
        let (ok, _, okHeaders) = try await get(s, "/login", method: "POST", form: "username=c002003&password=demo1234")
        #expect(ok == 303)
        let cookie = try #require(okHeaders["set-cookie"]?.split(separator: ";").first?.split(separator: "=").last.map(String.init))
        #expect(okHeaders["set-cookie"]?.contains("HttpOnly") == true)
        let (_, _, to) = try await get(s, "/", cookie: cookie)
        #expect(to["location"] == "/form/510104002003")
        // Without ?month=, the month after the last submitted one: June for this late community.
        #expect(try await get(s, "/form/510104002003", cookie: cookie).1.contains("王家坝社区 · 2023年6月表单"))
        let (formStatus, form, formHeaders) = try await get(s, "/form/510104002003?month=2023-06", cookie: cookie)
        #expect(formStatus == 200)
        #expect(form.contains("王家坝社区 · 2023年6月表单"))
        #expect(form.contains("id=\"f-pop_resident\""))
        #expect(formHeaders["content-security-policy"] != nil)
        // A filler reaches neither another community's form nor an office's table.
        #expect(try await get(s, "/form/510104002001?month=2023-06", cookie: cookie).0 == 403)
        #expect(try await get(s, "/review/510104002", cookie: cookie).0 == 403)
        #expect(try await get(s, "/admin/templates", cookie: cookie).0 == 403)
    }

    @Test func reviewersSeeTheirUnitsAndAdminsTheEditor() async throws {
        let s = try await TestServer.start()
        defer { Task { await s.stop() } }
        let street = try await s.login("street2")
        let (status, page, _) = try await get(s, "/review/510104002?month=2023-06", cookie: street)
        #expect(status == 200)
        #expect(page.contains("unit-510104002003") && page.contains("未填报"))
        #expect(page.contains("/api/v1/units/510104002/reports/2023-06.zip"))
        let admin = try await s.login("admin", "admin123")
        let (editorStatus, editor, _) = try await get(s, "/admin/templates", cookie: admin)
        #expect(editorStatus == 200 && editor.contains("模板管理 · 第 1 版"))
        #expect(!editor.contains("</script>\"") , "template sources cannot close the script element")
    }

    @Test func textOnPagesIsEscaped() async throws {
        let s = try await TestServer.start()
        defer { Task { await s.stop() } }
        let filler = try await s.login("c002003")
        // A returned form shows the reviewer's reason: markup in it must stay text.
        let june = try await s.request("GET", "/api/v1/units/510104002003/forms/2023-05", token: filler)
        #expect(june.json["status"] as? String == "submitted")
        let street = try await s.login("street2")
        let r = try await s.request("POST", "/api/v1/units/510104002003/forms/2023-05/return", token: street,
                                    body: ["reason": "<script>alert(1)</script>"])
        #expect(r.status == 200)
        let (_, page, _) = try await get(s, "/form/510104002003?month=2023-05", cookie: filler)
        #expect(!page.contains("<script>alert(1)</script>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }
}
