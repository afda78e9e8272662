@testable import BBTServer
import BBTEngine
import Foundation
import Testing

/// 催报: a reviewer's reminders to the late units, the webhooks that carry them (企业微信, 钉钉, a
/// city's JSON), retries with backoff, and the automatic ones sent once however often they run.
@Suite struct ReminderTests {
    /// Polls the office's reminders until every delivery is settled (sent or given up), calling the
    /// deliverer as the running service would.
    static func settled(_ s: TestService, _ token: String, office: String = "510104", month: String = "2023-06",
                        within seconds: Double = 20) async throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            await s.state.deliverer.deliverDue()
            let notices = try await s.request("GET", "/api/v1/reminders?month=\(month)&unit=\(office)", token: token).json["notices"] as? [[String: Any]] ?? []
            let deliveries = notices.flatMap { $0["deliveries"] as? [[String: Any]] ?? [] }
            if deliveries.allSatisfy({ $0["status"] as? String != "pending" }) || Date() > deadline { return notices }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    @Test func aReviewersReminderReachesEachLateUnitOnItsToDoAndThroughTheNearestWebhook() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            #expect(try await s.request("PUT", "/api/v1/webhooks/510104", token: admin, body: ["url": receiver.url("/ok"), "kind": "wecom"]).status == 200)
            #expect(try await s.request("PUT", "/api/v1/webhooks/510104003", token: admin, body: ["url": receiver.url("/json"), "kind": "json"]).status == 200)
            let district = try await s.login("jinjiang")
            let r = try await s.request("POST", "/api/v1/units/510104/reminders", token: district, body: ["month": "2023-06", "message": "今天下班前"])
            #expect(r.status == 201, "\(r.text)")
            // June's late units: 王家坝社区 has not filled it, 合江亭社区 left a draft.
            let notices = try #require(r.json["notices"] as? [[String: Any]])
            #expect(notices.map { $0["unit"] as? String } == ["510104002003", "510104003002"])
            #expect(notices.map { $0["webhookUnit"] as? String } == ["510104", "510104003"], "the nearest webhook at or above each")
            #expect(notices.allSatisfy { $0["kind"] as? String == "manual" && $0["due"] as? String == "2023-07-03" && $0["sender"] as? String == "jinjiang" })

            let settled = try await Self.settled(s, district)
            #expect(settled.flatMap { $0["deliveries"] as? [[String: Any]] ?? [] }.map { $0["status"] as? String } == ["sent", "sent"])
            let wecom = receiver.bodies("/ok")
            #expect(wecom.count == 1)
            let content = try #require((wecom.first?["text"] as? [String: Any])?["content"] as? String)
            #expect(wecom.first?["msgtype"] as? String == "text")
            #expect(content.contains("王家坝社区") && content.contains("2023年6月") && content.contains("2023-07-03") && content.contains("今天下班前"), "\(content)")
            let json = try #require(receiver.bodies("/json").first)
            #expect(json["unit"] as? String == "510104003002" && json["unitName"] as? String == "合江亭社区" && json["month"] as? String == "2023-06"
                    && json["due"] as? String == "2023-07-03" && (json["message"] as? String)?.contains("合江亭社区") == true, "\(json)")

            // On 王家坝社区's to-do; not on a unit that was not reminded.
            let filler = try await s.login("c002003")
            let mine = try await s.request("GET", "/api/v1/me/notices", token: filler).json["notices"] as? [[String: Any]] ?? []
            #expect(mine.count == 1 && mine.first?["message"] as? String == content)
            let other = try await s.login("c001001")
            #expect((try await s.request("GET", "/api/v1/me/notices", token: other).json["notices"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func chosenUnitsOnlyBelowTheOfficeAndOnlyReviewersAndAdminsSetTheWebhooks() async throws {
        try await TestService.with { s async throws in
            let street = try await s.login("street1")
            let r = try await s.request("POST", "/api/v1/units/510104001/reminders", token: street,
                                        body: ["month": "2023-06", "units": ["510104001001", "510104002003", "510104001"]])
            #expect(r.status == 422)
            #expect(r.errorFields["units"]?.contains("510104002003 不是 春熙路街道 下属的单位") == true, "\(r.errorFields)")
            #expect(r.errorFields["units"]?.contains("510104001 不是") == true, "the office itself")
            // 和平街社区 has submitted June: no 催报 for it; July it has not.
            let submitted = try await s.request("POST", "/api/v1/units/510104001/reminders", token: street, body: ["month": "2023-06", "units": ["510104001001"]])
            #expect(submitted.status == 422 && submitted.errorFields["units"]?.contains("已上报") == true, "\(submitted.text)")
            let chosen = try await s.request("POST", "/api/v1/units/510104001/reminders", token: street, body: ["month": "2023-07", "units": ["510104001001"]])
            #expect(chosen.status == 201, "\(chosen.text)")
            let notice = (chosen.json["notices"] as? [[String: Any]])?.first
            #expect(notice?["webhookUnit"] is NSNull && notice?["due"] as? String == "2023-08-03", "\(chosen.text)")
            #expect(try await s.request("POST", "/api/v1/units/510104002/reminders", token: street, body: ["month": "2023-06"]).status == 403)
            let filler = try await s.login("c001001")
            #expect(try await s.request("POST", "/api/v1/units/510104001/reminders", token: filler, body: ["month": "2023-06"]).status == 403)
            #expect(try await s.request("PUT", "/api/v1/webhooks/510104", token: street, body: ["url": "http://x/", "kind": "wecom"]).status == 403)
            let admin = try await s.login("admin", "admin123")
            let bad = try await s.request("PUT", "/api/v1/webhooks/510104", token: admin, body: ["url": "ftp://x", "kind": "wechat"])
            #expect(bad.status == 422 && bad.errorFields["url"] != nil && bad.errorFields["kind"] != nil, "\(bad.text)")
            #expect(try await s.request("DELETE", "/api/v1/webhooks/510104", token: admin).status == 404)
            #expect(try await s.request("PUT", "/api/v1/webhooks/510104", token: admin, body: ["url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "kind": "wecom"]).status == 200)
            #expect((try await s.request("GET", "/api/v1/webhooks", token: admin).json["webhooks"] as? [[String: Any]])?.first?["unitName"] as? String == "锦江区")
            #expect(try await s.request("DELETE", "/api/v1/webhooks/510104", token: admin).status == 204)
        }
    }

    /// A dead webhook (a refused connection, one that never answers) neither fails nor slows the
    /// click; a flaky one is retried until it takes the message; a refused one is given up after
    /// the last retry, every attempt recorded.
    @Test func deliveriesAreRetriedWithBackoffAndNeverSlowTheClick() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await TestService.with(webhookRetryDelays: [1, 1], webhookTimeoutSeconds: 5) { s async throws in
            let admin = try await s.login("admin", "admin123")
            _ = try await s.request("PUT", "/api/v1/webhooks/510104002", token: admin, body: ["url": receiver.url("/slow"), "kind": "dingtalk"])
            _ = try await s.request("PUT", "/api/v1/webhooks/510104003", token: admin, body: ["url": "http://127.0.0.1:1/", "kind": "json"])
            let district = try await s.login("jinjiang")
            let r = try await s.request("POST", "/api/v1/units/510104/reminders", token: district, body: ["month": "2023-06"])
            #expect(r.status == 201)
            // Had the click waited for the webhook that never answers, its 5-second timeout would be
            // recorded by now; the answer comes first (a clock bound would measure the machine's load).
            let right = try await s.request("GET", "/api/v1/reminders?month=2023-06&unit=510104", token: district).json["notices"] as? [[String: Any]] ?? []
            let waiting = right.flatMap { $0["deliveries"] as? [[String: Any]] ?? [] }.filter { $0["webhookUnit"] as? String == "510104002" }
            #expect(!waiting.isEmpty && waiting.allSatisfy { ($0["attempts"] as? [[String: Any]] ?? []).isEmpty }, "the click waits for no webhook: \(waiting)")

            _ = try await s.request("PUT", "/api/v1/webhooks/510104002", token: admin, body: ["url": receiver.url("/flaky"), "kind": "dingtalk"])
            _ = try await s.request("POST", "/api/v1/units/510104002/reminders", token: try await s.login("street2"), body: ["month": "2023-06"])
            let notices = try await Self.settled(s, district, within: 60)
            let byURL = Dictionary(grouping: notices.flatMap { $0["deliveries"] as? [[String: Any]] ?? [] }, by: { $0["webhookUnit"] as? String ?? "" })
            let refused = try #require(byURL["510104003"]?.first)
            #expect(refused["status"] as? String == "failed")
            let attempts = refused["attempts"] as? [[String: Any]] ?? []
            #expect(attempts.count == 3 && attempts.allSatisfy { ($0["outcome"] as? String)?.hasPrefix("连接失败") == true }, "\(attempts)")
            let flaky = try #require(byURL["510104002"]?.first { ($0["attempts"] as? [[String: Any]])?.count == 3 })
            #expect(flaky["status"] as? String == "sent")
            #expect((flaky["attempts"] as? [[String: Any]])?.map { $0["outcome"] as? String } == ["HTTP 500", "HTTP 500", "HTTP 200"])
            #expect(receiver.bodies("/flaky").count == 3)
            let slow = try #require(byURL["510104002"]?.first { ($0["attempts"] as? [[String: Any]])?.first?["outcome"] as? String != "HTTP 500" })
            #expect(slow["status"] as? String == "failed")
            #expect((slow["attempts"] as? [[String: Any]])?.allSatisfy { ($0["outcome"] as? String)?.hasPrefix("超时") == true } == true, "\(slow)")
        }
    }

    /// The day's automatic reminders: before the deadline and the day after it, once per unit,
    /// month and kind however often they run; a reviewer's own 催报 does not stop them.
    @Test func automaticRemindersAreSentOncePerUnitMonthAndKind() async throws {
        let receiver = try await WebhookReceiver.start()
        defer { receiver.stop() }
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            _ = try await s.request("PUT", "/api/v1/webhooks/510104", token: admin, body: ["url": receiver.url("/ok"), "kind": "wecom"])
            _ = try await s.request("POST", "/api/v1/units/510104/reminders", token: try await s.login("jinjiang"), body: ["month": "2023-06"])
            let dayAfter = LocalDate(year: 2023, month: 7, day: 4)!
            let dry = try await ReminderRun.run(s.state, on: dayAfter, dryRun: true)
            #expect(dry.lines.map(\.unit) == ["510104002003", "510104003002"] && dry.lines.allSatisfy { !$0.stored && $0.kind == "overdue" })
            let first = try await ReminderRun.run(s.state, on: dayAfter, dryRun: false)
            #expect(first.lines.filter(\.stored).count == 2)
            #expect(first.lines.allSatisfy { $0.outcome == "HTTP 200" }, "\(first.lines.map(\.outcome))")
            async let again = ReminderRun.run(s.state, on: dayAfter, dryRun: false)
            async let alongside = ReminderRun.run(s.state, on: dayAfter, dryRun: false)
            let (a, b) = try await (again, alongside)
            #expect((a.lines + b.lines).allSatisfy { !$0.stored }, "sent once however often it runs")
            _ = try await Self.settled(s, try await s.login("jinjiang"))
            let overdue = receiver.bodies("/ok").compactMap { ($0["text"] as? [String: Any])?["content"] as? String }.filter { $0.contains("已于") }
            #expect(overdue.count == 2 && overdue.contains { $0.contains("王家坝社区") && $0.contains("2023年6月") }, "\(overdue)")
            // Three days before July's deadline (2023-08-03): every community that has not submitted July.
            let before = try await ReminderRun.run(s.state, on: LocalDate(year: 2023, month: 7, day: 31)!, dryRun: false)
            #expect(before.lines.count == 10 && before.lines.allSatisfy { $0.kind == "before" && $0.month == .month(2023, 7) })
            #expect(try await ReminderRun.run(s.state, on: LocalDate(year: 2023, month: 7, day: 10)!, dryRun: false).lines.isEmpty, "nothing due")
            let filler = try await s.login("c002003")
            let kinds = (try await s.request("GET", "/api/v1/me/notices", token: filler).json["notices"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
            #expect(kinds.sorted() == ["before", "manual", "overdue"], "\(kinds)")
        }
    }
}
