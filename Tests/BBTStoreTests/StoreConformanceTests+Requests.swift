import BBTEngine
import BBTStore
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

/// Requests for a new report (报表准入).
extension StoreConformanceTests {
    @Test(arguments: StoreFactory.all)
    func aRequestComesBackExactlyAndIsDecidedOnce(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let form = Data((0..<3000).map { UInt8($0 % 256) })
        let filed = StoredRequest(requester: "zhujian", title: "电梯“安全”表", authority: "区住建局", reason: "安全\n检查", basis: "条例",
                                  frequency: "quarter", until: Month("2026-12"), kind: .regular, form: form, fileName: "电梯.xlsx",
                                  draft: "report R \"表\" {\n  every quarter\n}\n😀", reportID: "R", addedEntries: 12, submittedAt: F.time(1),
                                  history: [RequestEvent(at: F.time(1), user: "zhujian", action: "submit", reason: nil)])
        let audit = AdminAuditEntry(at: F.time(1), user: "zhujian", action: "request_submit", target: "电梯", detail: "")
        let id = try await store.addRequest(filed, audit: audit)
        let second = try await store.addRequest(filed, audit: audit)
        #expect(id > 0 && second > id)
        var stored = try #require(try await store.request(id: id))
        var expected = filed
        expected.id = id
        #expect(stored == expected)
        #expect(try await store.request(id: second + 1) == nil)
        #expect(try await store.requests().map(\.id) == [id, second])

        // Two decisions on one submitted request: the first holds, the second changes nothing.
        stored.status = .approved
        stored.listed = "成社准〔2026〕3号"
        stored.decidedAt = F.time(5)
        stored.history.append(RequestEvent(at: F.time(5), user: "admin", action: "approve", reason: nil))
        let decided = AdminAuditEntry(at: F.time(5), user: "admin", action: "request_approve", target: "电梯", detail: "")
        #expect(try await store.updateRequest(stored, expected: .submitted, audit: decided))
        var other = stored
        other.status = .rejected
        #expect(!(try await store.updateRequest(other, expected: .submitted, audit: decided)))
        #expect(try await store.request(id: id) == stored)
        #expect(try await store.adminAudit().map(\.action) == ["request_submit", "request_submit", "request_approve"])
    }
}
