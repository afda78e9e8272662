@testable import BBTServer
import BBTEngine
import BBTTestSupport
import Foundation
import Testing

/// The web pages as a browser without JavaScript sees them: log-in, redirects, escaping, scopes.
@Suite(.serialized) struct WebTests {
    /// One request as a browser sends it, without following redirects: status, body, headers.
    func get(_ s: TestService, _ path: String, cookie: String? = nil, method: String = "GET", form: String? = nil)
        async throws -> (Int, String, [String: String]) {
        let r = try await s.request(method, path, cookie: cookie, form: form)
        return (r.status, r.text, r.headers)
    }

    /// A page that fails answers a page in Chinese, with the layout and its CSP; an address nobody
    /// serves answers a page, or under /api/ the API's error JSON (not an empty body).
    @Test func errorsAnswerInTheFormTheirReaderReads() async throws {
        try await TestService.with { s async throws in
            let cookie = try await s.login("c002003")
            let (status, html, headers) = try await get(s, "/review/510104002", cookie: cookie)
            #expect(status == 403 && headers["content-type"]?.hasPrefix("text/html") == true)
            #expect(html.contains(#"<h1 id="error-title">没有权限</h1>"#) && html.contains("没有权限访问这个单位或操作"))
            #expect(headers["content-security-policy"]?.contains("script-src 'self'") == true)
            let (missing, page, _) = try await get(s, "/no/such/page", cookie: cookie)
            #expect(missing == 404 && page.contains("没有这个页面"))
            let (bad, badPage, _) = try await get(s, "/form/510104002003?month=2023-13", cookie: cookie)
            #expect(bad == 400 && badPage.contains("月份应为 YYYY-MM"))
            let api = try await s.request("GET", "/api/v1/no-such-thing", token: try await s.login("c002003"))
            #expect(api.status == 404 && (api.json["error"] as? [String: Any])?["code"] as? String == "not_found")
            // The API's own errors stay JSON.
            let forbidden = try await s.request("GET", "/api/v1/units/510104002/status/2023-06", token: try await s.login("c002003"))
            #expect(forbidden.status == 403 && forbidden.headers["content-type"]?.hasPrefix("application/json") == true)
        }
    }

    @Test func logInThenLandOnTheRightPage() async throws {
        try await TestService.with { s async throws in
            let (status, home, headers) = try await get(s, "/")
            #expect(status == 303 && headers["location"] == "/login" && home.isEmpty)
            let (loginStatus, loginPage, _) = try await get(s, "/login")
            #expect(loginStatus == 200 && loginPage.contains("登录报表通"))
            #expect(!loginPage.contains("users.csv"), "the log-in page names no file on the server")
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
    }

    @Test func reviewersSeeTheirUnitsAndAdminsTheEditor() async throws {
        try await TestService.with { s async throws in
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
    }

    /// An office's tallies lead to the offices below; above one page of forms (a city, a province)
    /// the page lists no unit but says how many there are.
    @Test func aLargeOfficesPageLeadsThroughItsTallies() async throws {
        try await TestService.with { s async throws in
            let district = try await s.login("jinjiang")
            let (status, page, _) = try await get(s, "/review/510104?month=2023-06", cookie: district)
            #expect(status == 200)
            #expect(page.contains("<a href=\"/review/510104002?month=2023-06\">"))
            #expect(!page.contains("<a href=\"/review/510104?month"), "the office itself is not a link")
            #expect(page.contains("unit-510104002003") && !page.contains("too-many"))

            let unit = s.state.tree.index(of: "510104")!, month = Period("2023-06")!
            let published = await s.state.templates()
            let completeness = CompletenessService(state: s.state)
            let rows = try await completeness.rows(published, unit: unit, month: month)
            let user = try #require(try await s.state.store.user(named: "jinjiang"))
            let model = ReviewPageModel(unit: unit, month: month, tree: s.state.tree, catalog: published.catalog, rows: rows,
                                        tallies: completeness.tallies(rows, unit: unit, month: month), strips: [:],
                                        actor: { s.state.actor(user, on: $0) }, listLimit: rows.count - 1)
            #expect(!model.listed && model.units.isEmpty && model.unitCount == rows.count)
            #expect(model.tallies.count == 4 && model.tallies.filter { $0.link != nil }.count == 3, "three streets, each a link")
        }
    }

    /// The admin pages are for admins: others get 403 (pages) whatever they type in the address bar.
    @Test func adminPagesAreForAdminsAndTheirTablesShowTheData() async throws {
        try await TestService.with { s async throws in
            let street = try await s.login("street2")
            for path in ["/admin/users", "/admin/units", "/admin/templates"] {
                #expect(try await get(s, path, cookie: street).0 == 403, "\(path)")
            }
            #expect(try await get(s, "/catalog", cookie: try await s.login("c002003")).0 == 403)
            let admin = try await s.login("admin", "admin123")
            let (_, users, _) = try await get(s, "/admin/users", cookie: admin)
            #expect(users.contains("id=\"user-c002003\"") && users.contains("王家坝社区"))
            let (_, units, _) = try await get(s, "/admin/units?at=2023-06", cookie: admin)
            #expect(units.contains("id=\"unit-510104002003\"") && units.contains("class=\"depth-2\">王家坝社区"))
            #expect(try await get(s, "/admin/units?at=2023-6", cookie: admin).0 == 400)
        }
    }

    @Test func textOnPagesIsEscaped() async throws {
        try await TestService.with { s async throws in
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

    @Test func everyPageKeepsToAStrictContentSecurityPolicy() async throws {
        try await TestService.with { s async throws in
            let visits: [(String, String, [String])] = [
                ("c002003", "demo1234", ["/form/510104002003?month=2023-06", "/form/510104002003?month=2023-05"]),
                ("street2", "demo1234", ["/review/510104002?month=2023-06", "/form/510104002001?month=2023-06"]),
                ("jinjiang", "demo1234", ["/review/510104?month=2023-06", "/catalog", "/me/password"]),
                ("admin", "admin123", ["/admin/templates", "/catalog", "/admin/users", "/admin/units?at=2023-06", "/me/password"]),
                ("gongan", "demo1234", ["/sources/gongan?month=2023-06", "/me/password"]),
            ]
            var pages = [("login", try await get(s, "/login"))]
            for (user, password, paths) in visits {
                let cookie = try await s.login(user, password)
                for path in paths { pages.append(("\(user) \(path)", try await get(s, path, cookie: cookie))) }
            }
            let inlineHandler = try Regex(#"\son[a-z]+\s*="#)
            let inlineScript = try Regex(#"<script(?![^>]*\b(src|type="application/json")\b)[^>]*>"#)
            for (name, (status, page, headers)) in pages {
                #expect(status == 200, "\(name)")
                let csp = headers["content-security-policy"] ?? ""
                #expect(csp.contains("script-src 'self';") && csp.contains("style-src 'self';") && !csp.contains("unsafe"), "\(name): \(csp)")
                #expect(!page.contains("style=\""), "\(name) has an inline style")
                #expect(page.firstMatch(of: inlineHandler) == nil, "\(name) has an inline event handler")
                #expect(page.firstMatch(of: inlineScript) == nil, "\(name) has an inline script")
            }
            let iconPath = try #require(pages[0].1.1.firstMatch(of: #/<link rel="icon" href="([^"]+)"/#)?.1)
            let (iconStatus, icon, iconHeaders) = try await get(s, String(iconPath))
            #expect(iconStatus == 200 && iconHeaders["content-type"] == "image/svg+xml" && icon.contains("<svg"))
        }
    }

    /// `/static/<stem>.<12 hex digits>.<ext>`.
    func hashed(_ path: String, _ stem: String, _ ext: String) -> Bool {
        let pattern = try? Regex("/static/\(stem)\\.[0-9a-f]{12}\\.\(ext)")
        return pattern.map { path.wholeMatch(of: $0) != nil } ?? false
    }

    /// The layout links the static files by their content's hash, the shared script before the page's
    /// own; each is served for a year under that name, and no other name answers (the unhashed names
    /// of old, another hash, a file that is not there).
    @Test func staticFilesAreServedUnderTheirContentHashForAYear() async throws {
        try await TestService.with { s async throws in
            let (_, login, _) = try await get(s, "/login")
            let css = String(try #require(login.firstMatch(of: #/<link rel="stylesheet" href="(/static/app\.[0-9a-f]{12}\.css)">/#)?.1))
            let icon = String(try #require(login.firstMatch(of: #/<link rel="icon" href="(/static/favicon\.[0-9a-f]{12}\.svg)"/#)?.1))
            let scripts = { (page: String) in page.matches(of: #/<script src="([^"]+)" defer></script>/#).map { String($0.1) } }
            let shared = try #require(scripts(login).first)
            #expect(hashed(shared, "bbt", "js") && scripts(login).count == 1,
                    "the log-in page has the shared script only: \(scripts(login))")
            let admin = try await s.login("admin", "admin123")
            let (_, users, _) = try await get(s, "/admin/users", cookie: admin)
            let own = scripts(users)
            #expect(own.count == 2 && own.first == shared && hashed(own.last ?? "", "users", "js"),
                    "the users page loads bbt.js, then users.js: \(own)")
            let longCache = "public, max-age=31536000, immutable"
            for (path, type, content) in [(css, "text/css; charset=utf-8", "[hidden]{display:none !important}"),
                                          (icon, "image/svg+xml", "<svg"),
                                          (shared, "text/javascript; charset=utf-8", "window.BBT = Object.freeze("),
                                          (own.last ?? "", "text/javascript; charset=utf-8", "window.BBT")] {
                let (status, body, headers) = try await get(s, path)
                #expect(status == 200 && headers["content-type"] == type && body.contains(content), "\(path): \(status) \(headers)")
                #expect(headers["cache-control"] == longCache, "\(path): \(headers["cache-control"] ?? "no Cache-Control")")
            }
            let otherHash = css.replacing(#/\.[0-9a-f]{12}\./#, with: ".000000000000.")
            for path in ["/static/app.css", "/static/app.js", "/static/favicon.svg", otherHash, "/static/nope.js",
                         css.replacingOccurrences(of: ".css", with: ".js")] {
                let (status, _, headers) = try await get(s, path)
                #expect(status == 404 && headers["cache-control"] != longCache, "\(path): \(status)")
            }
            let (redirect, _, headers) = try await get(s, "/favicon.ico")
            #expect(redirect == 303 && headers["location"] == icon)
        }
    }

    /// People, departments and times as people read them: no `system` or `seed` as a person, a
    /// department by its name, a time in China (`2023-07-03 09:30`), never an instant in UTC.
    @Test func pagesShowPeopleDepartmentsAndTimesAsPeopleReadThem() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            let (_, editor, _) = try await get(s, "/admin/templates", cookie: admin)
            #expect(editor.firstMatch(of: #/<p class="hint">\d{4}-\d{2}-\d{2} \d{2}:\d{2} 由 系统 \(首次发布\) 发布。/#) != nil,
                    "\(editor.prefix(400))")
            let (_, users, _) = try await get(s, "/admin/users", cookie: admin)
            // The source column (after the unit's "name (code)"), not the username column, which is gongan.
            let gongan = String(try #require(users.firstMatch(of: #/<tr id="user-gongan"[^>]*>[\s\S]*?</tr>/#)?.0))
            #expect(gongan.contains("data-source=\"gongan\"") && gongan.contains(")</td><td>成都市公安局</td>") && !gongan.contains(")</td><td>gongan</td>"),
                    "\(gongan)")
            // 龙王庙社区's correction of 公安's June figure comes from the demo data (samples/corrections.csv).
            let (_, source, _) = try await get(s, "/sources/gongan?month=2023-06", cookie: try await s.login("gongan"))
            #expect(source.contains("<td>演示数据</td>") && !source.contains("<td>seed</td>"))
        }
    }

    @Test func theSameGateRefusesASubmitThroughTheAPIAndThroughThePage() async throws {
        try await TestService.with { s async throws in
            // 王家坝社区 has not filled June: both ways of submitting it are refused, field by field alike.
            let token = try await s.login("c002003")
            let body: [String: Any] = ["values": ["pop_resident": 5000, "households": 6000], "version": 0, "submit": true]
            let api = try await s.request("PUT", "/api/v1/units/510104002003/forms/2023-06", token: token, body: body)
            // The page's script sends the same request to the address the page names, with the session cookie.
            let cookie = try #require(try await s.request("POST", "/login", form: "username=c002003&password=demo1234").sessionCookie)
            let (_, page, _) = try await get(s, "/form/510104002003?month=2023-06", cookie: cookie)
            let address = try #require(page.firstMatch(of: /data-api="([^"]+)"/)?.1)
            #expect(page.contains("id=\"submit\""), "the page offers 上报 on a form its filler may submit")
            let web = try await s.request("PUT", String(address), cookie: cookie, body: body)
            #expect(api.status == 422 && web.status == 422)
            #expect(api.errorFields == web.errorFields)
            #expect(api.errorFields["households"]?.hasPrefix("户数不能超过常住人口") == true && api.errorFields["elderly_alone"] == "必填")
            // A locked form offers no button, and the API refuses it the same way.
            let (_, may, _) = try await get(s, "/form/510104002003?month=2023-05", cookie: cookie)
            #expect(!may.contains("id=\"submit\"") && may.contains("需上级退回后才能修改"))
            #expect(may.contains("表单已上报") || may.contains("表单已审核"), "the status said once, not 表单已已上报")
            #expect(try await s.request("PUT", "/api/v1/units/510104002003/forms/2023-05", cookie: cookie,
                                        body: ["values": [:] as [String: Any], "version": 1, "submit": true]).status == 409)
        }
    }

    /// The installable app: a manifest naming the hashed icon, and the worker served from the root,
    /// never cached by HTTP, so that it controls every page and a new one is seen at once.
    @Test func theManifestAndTheServiceWorkerAreServedFromTheRoot() async throws {
        try await TestService.with { s async throws in
            let manifest = try await s.request("GET", "/manifest.webmanifest")
            #expect(manifest.status == 200 && manifest.headers["content-type"]?.hasPrefix("application/manifest+json") == true)
            #expect(manifest.json["start_url"] as? String == "/" && manifest.json["display"] as? String == "standalone")
            let icon = ((manifest.json["icons"] as? [[String: Any]])?.first?["src"] as? String) ?? ""
            #expect(try await s.request("GET", icon).status == 200, "\(icon)")
            let worker = try await s.request("GET", "/sw.js")
            #expect(worker.status == 200 && worker.headers["content-type"]?.hasPrefix("text/javascript") == true)
            #expect(worker.headers["cache-control"] == "no-cache" && worker.text.contains("caches.open"))
        }
    }
}
