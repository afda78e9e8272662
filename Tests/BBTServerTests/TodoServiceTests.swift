@testable import BBTServer
import BBTTestSupport
import Foundation
import Testing

/// `GET /api/v1/me/todo` for each role on 5 July 2023, and the box it fills on every page.
@Suite struct TodoServiceTests {
    func todo(_ s: TestService, _ user: String, _ password: String = "demo1234") async throws -> [[String: Any]] {
        let r = try await s.request("GET", "/api/v1/me/todo", token: try await s.login(user, password))
        #expect(r.status == 200, "\(r.text)")
        return r.json["items"] as? [[String: Any]] ?? []
    }

    @Test func eachRoleSeesWhatWaitsForIt() async throws {
        try await TestService.with { s async throws in
            // 王家坝社区 has not filled June, due on the 3rd; 和平街社区 submitted June and works on July.
            let late = try await todo(s, "c002003")
            #expect(late.count == 1 && late[0]["kind"] as? String == "fill" && late[0]["month"] as? String == "2023-06", "\(late)")
            #expect(late[0]["daysLeft"] as? Int == -2 && late[0]["due"] as? String == "2023-07-03")
            let ahead = try await todo(s, "c001001")
            #expect(ahead.first?["month"] as? String == "2023-07" && (ahead.first?["daysLeft"] as? Int ?? 0) > 0, "\(ahead)")
            // 书院街街道 reviews June: the forms its communities submitted, and 王家坝社区, late.
            let street = try await todo(s, "street2")
            #expect(street.allSatisfy { $0["month"] as? String == "2023-06" }, "\(street)")
            #expect(street.contains { $0["kind"] as? String == "review" && $0["unitName"] as? String == "大慈寺社区" })
            #expect(street.contains { $0["kind"] as? String == "late" && $0["unitName"] as? String == "王家坝社区" && $0["daysLeft"] as? Int == -2 })
            // 公安 supplied every month to June; the admin has nothing here.
            #expect(try await todo(s, "gongan").isEmpty)
            #expect(try await todo(s, "admin", "admin123").isEmpty)
            // Two months on, 公安 has not supplied July and August.
            s.clock.advance(seconds: 62 * 86_400)
            #expect(try await todo(s, "gongan").map { $0["month"] as? String } == ["2023-07", "2023-08"])
            #expect(try await s.request("GET", "/api/v1/me/todo").status == 401)
        }
    }

    @Test func everyPageOfAWorkerHasTheBox() async throws {
        try await TestService.with { s async throws in
            let cookie = try #require(try await s.request("POST", "/login", form: "username=c002003&password=demo1234").sessionCookie)
            let page = try await s.request("GET", "/form/510104002003", cookie: cookie).text
            #expect(page.contains(#"<section class="card todo" id="todo" data-todo="/api/v1/me/todo""#))
        }
    }

    /// The filler's form says its deadline, how much is still empty, and has an index of its sections.
    @Test func theFormSaysItsDeadlineAndWhatIsEmpty() async throws {
        try await TestService.with { s async throws in
            let cookie = try #require(try await s.request("POST", "/login", form: "username=c002003&password=demo1234").sessionCookie)
            let page = try await s.request("GET", "/form/510104002003?month=2023-06", cookie: cookie).text
            #expect(page.contains(#"<span class="due late" id="due">截止 2023-07-03 · 已逾期 2 天</span>"#), "\(page.prefix(2000))")
            let empty = try #require(page.firstMatch(of: /data-count="(\d+)">还有 (\d+) 项未填/))
            #expect(empty.1 == empty.2 && Int(empty.1)! > 0)
            #expect(page.contains(##"<nav class="section-index" id="section-index"><a href="#section-1">人口与户籍 ("##))
            #expect(page.contains(#"<fieldset id="section-1"><legend>人口与户籍</legend>"#))
            // A submitted month has no deadline to meet.
            let may = try await s.request("GET", "/form/510104002003?month=2023-05", cookie: cookie).text
            #expect(!may.contains(#"id="due""#))
        }
    }
}
