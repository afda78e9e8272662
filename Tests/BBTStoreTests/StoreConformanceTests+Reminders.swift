import BBTEngine
import BBTStore
import BBTTestSupport
import Testing

/// 催报: webhooks, notices once per (unit, month, kind) for the automatic ones, deliveries claimed
/// by one sender at a time.
extension StoreConformanceTests {
    static func audit(_ action: String) -> AdminAuditEntry {
        AdminAuditEntry(at: Instant(seconds: 1_700_000_000), user: "admin", action: action, target: "510104", detail: "")
    }

    @Test(arguments: StoreFactory.all)
    func webhooksAreSetReplacedAndDeleted(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        try await store.setWebhook(WebhookRecord(unit: "510104", url: "http://a/1", kind: .wecom), audit: Self.audit("webhook"))
        try await store.setWebhook(WebhookRecord(unit: "510104", url: "http://a/2", kind: .dingtalk), audit: Self.audit("webhook"))
        try await store.setWebhook(WebhookRecord(unit: "510104001", url: "http://b", kind: .json), audit: Self.audit("webhook"))
        #expect(try await store.webhooks() == [WebhookRecord(unit: "510104", url: "http://a/2", kind: .dingtalk),
                                                WebhookRecord(unit: "510104001", url: "http://b", kind: .json)])
        #expect(try await store.deleteWebhook(unit: "510104001", audit: Self.audit("webhook deleted")))
        #expect(try await !store.deleteWebhook(unit: "510104001", audit: Self.audit("webhook deleted")))
        #expect(try await store.webhooks().map(\.unit) == ["510104"])
        #expect(try await store.adminAudit().map(\.action) == ["webhook", "webhook", "webhook", "webhook deleted"])
    }

    @Test(arguments: StoreFactory.all)
    func automaticNoticesAreStoredOnceAndManualOnesAlways(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let june = Period.month(2023, 6), at = Instant(seconds: 1_700_000_000)
        func notice(_ kind: NoticeKind, _ unit: String = "c1") -> NoticeRecord {
            NoticeRecord(unit: unit, month: june, kind: kind, due: "2023-07-10", message: "请尽快上报", sender: "system", at: at)
        }
        let delivery = DeliveryRecord(webhookUnit: "s1", url: "http://hook", kind: .wecom, payload: "{}", nextAt: 10)
        // Two servers running the day's reminders at once: one notice, one delivery.
        async let a = store.addNotice(notice(.overdue), deliveries: [delivery])
        async let b = store.addNotice(notice(.overdue), deliveries: [delivery])
        let (first, second) = try await (a, b)
        #expect((first == nil) != (second == nil))
        #expect(try await store.addNotice(notice(.before), deliveries: []) != nil, "another kind")
        #expect(try await store.addNotice(notice(.overdue, "c2"), deliveries: []) != nil, "another unit")
        #expect(try await store.addNotice(notice(.manual), deliveries: []) != nil)
        #expect(try await store.addNotice(notice(.manual), deliveries: []) != nil, "a reviewer may 催报 again")
        let c1 = try await store.notices(units: ["c1"], month: june)
        #expect(c1.map(\.kind) == [.manual, .manual, .before, .overdue], "newest first")
        #expect(c1.last?.due == "2023-07-10" && c1.last?.message == "请尽快上报" && c1.last?.at == at)
        #expect(try await store.notices(units: ["c1", "c2"], month: nil).count == 5)
        #expect(try await store.notices(units: ["c1"], month: .month(2023, 7)).isEmpty)
        let overdue = try #require(c1.last)
        let stored = try await store.deliveries(notices: [overdue.id])
        #expect(stored.count == 1 && stored[0].notice == overdue.id && stored[0].status == .pending && stored[0].url == "http://hook")
    }

    @Test(arguments: StoreFactory.all)
    func aDeliveryIsClaimedByOneSenderAndItsAttemptsKept(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let june = Period.month(2023, 6)
        let n = try #require(try await store.addNotice(
            NoticeRecord(unit: "c1", month: june, kind: .manual, due: nil, message: "m", sender: "street1", at: Instant(seconds: 0)),
            deliveries: [DeliveryRecord(webhookUnit: "s1", url: "http://x", kind: .json, payload: "{\"unit\":\"c1\"}", nextAt: 100),
                         DeliveryRecord(webhookUnit: "s1", url: "http://y", kind: .json, payload: "{}", nextAt: 500)]))
        #expect(try await store.claimDeliveries(now: 99, lease: 60, limit: 10).isEmpty, "not due yet")
        // Two senders at once: each due delivery goes to one of them.
        async let a = store.claimDeliveries(now: 100, lease: 60, limit: 10)
        async let b = store.claimDeliveries(now: 100, lease: 60, limit: 10)
        let (x, y) = try await (a, b)
        #expect((x + y).map(\.url) == ["http://x"])
        #expect(try await store.claimDeliveries(now: 150, lease: 60, limit: 10).isEmpty, "leased")
        var d = try #require((x + y).first)
        d.attempts.append(DeliveryAttempt(at: 100, ok: false, outcome: "HTTP 500"))
        d.nextAt = 130
        try await store.recordDelivery(d)
        #expect(try await store.claimDeliveries(now: 130, lease: 60, limit: 10).map(\.attempts) == [[DeliveryAttempt(at: 100, ok: false, outcome: "HTTP 500")]])
        d.attempts.append(DeliveryAttempt(at: 130, ok: true, outcome: "HTTP 200"))
        d.status = .sent
        d.nextAt = nil
        try await store.recordDelivery(d)
        #expect(try await store.claimDeliveries(now: 10_000, lease: 60, limit: 10).map(\.url) == ["http://y"], "a sent one is never claimed again")
        let all = try await store.deliveries(notices: [n.id])
        #expect(all.map(\.status) == [.sent, .pending] && all[0].attempts.count == 2 && all[0].payload == "{\"unit\":\"c1\"}")
    }
}
