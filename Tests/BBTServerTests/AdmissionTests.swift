@testable import BBTServer
import BBTEngine
import BBTTestSupport
import Foundation
import Testing

/// 报表准入 as the 减负 office meets it: 住建's Excel form arrives as a request, the review says
/// what is already collected and what it would add to each community and the whole district, the
/// office returns it, approves the revision with its 清单编号 and the report is on the 清单 and in
/// the form; a rejected request changes nothing and counts as avoided.
@Suite struct AdmissionTests {
    static let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    static let query = "title=%E7%94%B5%E6%A2%AF&authority=%E4%BD%8F%E5%BB%BA%E5%B1%80&reason=%E5%AE%89%E5%85%A8&basis=%E6%9D%A1%E4%BE%8B&frequency=quarter"

    @Test func aRequestIsReviewedReturnedRevisedApprovedAndListed() async throws {
        try await TestService.with { s async throws in
            s.clock.set(ISO8601DateFormatter().date(from: "2026-03-10T02:00:00Z")!)
            let requester = try await s.login("zhujian")
            var admin = try await s.login("admin", "admin123")
            let bytes = try Data(contentsOf: CatalogueTests.zhujian)

            // Nothing missing may be left out: every member named.
            let incomplete = try await s.request("POST", "/api/v1/requests?title=x", token: requester, raw: bytes, contentType: AdmissionTests.xlsx)
            #expect(incomplete.status == 422)
            #expect(Set(incomplete.errorFields.keys) == ["authority", "reason", "basis", "frequency"])
            // A filler asks for nothing.
            #expect(try await s.request("POST", "/api/v1/requests?\(AdmissionTests.query)", token: try await s.login("c001001"),
                                        raw: bytes, contentType: AdmissionTests.xlsx).status == 403)

            let filed = try await s.request("POST", "/api/v1/requests?\(AdmissionTests.query)", token: requester, raw: bytes,
                                            contentType: AdmissionTests.xlsx)
            #expect(filed.status == 201, "\(filed.text)")
            #expect(filed.json["status"] as? String == "submitted")
            let id = try #require(filed.json["id"] as? Int)
            let review = try #require(filed.json["review"] as? [String: Any])
            #expect(review["columns"] as? Int == 17)
            #expect(review["newFields"] as? Int == 3)
            #expect(review["alreadyCollected"] as? Int == 14)
            #expect((review["suppliedBySources"] as? Int ?? -1) >= 0)
            let perUnit = try #require(review["addedEntriesPerUnit"] as? Int)
            #expect(perUnit == 14, "as import-report counts the same form")
            let units = try #require(review["fillingUnits"] as? Int)
            #expect(units > 1)
            #expect(review["addedEntriesTotal"] as? Int == perUnit * units)
            #expect(review["manualEntriesPerUnit"] as? Int == 14 * 4, "14 figures in 17 columns, quarterly")
            #expect((review["mapping"] as? [Any])?.count == 17)
            #expect((filed.json["draft"] as? String)?.contains("  every quarter") == true)

            // The requester sees its own; another department's account sees none of it.
            #expect(try await s.request("GET", "/api/v1/requests/\(id)", token: requester).status == 200)
            #expect(try await s.request("GET", "/api/v1/requests/\(id)", token: try await s.login("gongan")).status == 404)
            #expect(try await s.request("POST", "/api/v1/requests/\(id)/decision", token: requester, body: ["decision": "approve", "listed": "x"]).status == 403)

            // Returned without a reason is refused; with one, the requester revises.
            let noReason = try await s.request("POST", "/api/v1/requests/\(id)/decision", token: admin, body: ["decision": "return"])
            #expect(noReason.status == 422 && noReason.errorFields["reason"] != nil)
            let returned = try await s.request("POST", "/api/v1/requests/\(id)/decision", token: admin,
                                               body: ["decision": "return", "reason": "电梯台数已由社区填报, 请删去重复栏目"])
            #expect(returned.json["status"] as? String == "returned")
            #expect(try await s.request("POST", "/api/v1/requests/\(id)/decision", token: admin,
                                        body: ["decision": "approve", "listed": "成社准〔2026〕3号"]).status == 409)
            s.clock.set(ISO8601DateFormatter().date(from: "2026-03-12T02:00:00Z")!)
            let revised = try await s.request("PUT", "/api/v1/requests/\(id)?\(AdmissionTests.query)", token: try await s.login("zhujian"), raw: bytes,
                                              contentType: AdmissionTests.xlsx)
            #expect(revised.status == 200 && revised.json["status"] as? String == "submitted", "\(revised.text)")

            // Approved with its number: published, on the 清单, in the report files and the form.
            s.clock.set(ISO8601DateFormatter().date(from: "2026-03-15T02:00:00Z")!)
            admin = try await s.login("admin", "admin123")
            let version = try await s.request("GET", "/api/v1/templates", token: admin).json["version"] as? Int
            let approved = try await s.request("POST", "/api/v1/requests/\(id)/decision", token: admin,
                                               body: ["decision": "approve", "listed": "成社准〔2026〕3号", "validUntil": "2026-12"])
            #expect(approved.status == 200, "\(approved.text)")
            #expect(approved.json["status"] as? String == "approved")
            #expect((approved.json["history"] as? [[String: Any]])?.map { $0["action"] as? String } == ["submit", "return", "revise", "approve"])
            let after = try await s.request("GET", "/api/v1/templates", token: admin)
            #expect(after.json["version"] as? Int == (version ?? 0) + 1)
            let reportID = try #require(approved.json["reportID"] as? String)
            // The quarter's form asks for the report's new fields, and only those are new on it.
            let newFields = Set(((approved.json["review"] as? [String: Any])?["mapping"] as? [[String: Any]] ?? []).compactMap { $0["newField"] as? String })
            #expect(newFields.count == 3)
            let form = try await s.request("GET", "/api/v1/units/510104001001/forms/2026-03", token: try await s.login("c001001"))
            let ids = Set(((form.json["sections"] as? [[String: Any]]) ?? []).flatMap { $0["fields"] as? [[String: Any]] ?? [] }.compactMap { $0["id"] as? String })
            #expect(newFields.isSubset(of: ids), "\(newFields) in the form of 2026-03")
            let listing = try await s.request("GET", "/api/v1/listing", token: try await s.login("c001001"))
            let row = try #require((listing.json["reports"] as? [[String: Any]])?.first { $0["id"] as? String == reportID })
            #expect(row["listed"] as? String == "成社准〔2026〕3号")
            #expect(row["validUntil"] as? String == "2026-12")
            #expect((listing.json["unlisted"] as? Int ?? 0) > 0, "FormTemplates' reports were never admitted")
            let xml = try await s.request("GET", "/api/v1/units/510104/reports/\(reportID)/2023-Q2.xml", token: admin)
            #expect(xml.text.contains("listed=\"成社准〔2026〕3号\""), "\(xml.text.prefix(400))")
            // The office's ledger: one approved, days to decide counted from the first submission.
            let stats = try await s.request("GET", "/api/v1/requests/stats?year=2026", token: admin)
            #expect((stats.json["byDecision"] as? [String: Any])?["approved"] as? Int == 1)
            #expect(stats.json["medianDaysToDecide"] as? Double == 5)
            #expect(stats.json["addedEntriesPerUnit"] as? Int == perUnit)
            #expect(try await s.request("GET", "/api/v1/requests/stats", token: try await s.login("zhujian")).status == 403)
        }
    }

    @Test func aRejectedRequestLeavesTheCatalogAloneAndCountsAsAvoided() async throws {
        try await TestService.with { s async throws in
            s.clock.set(ISO8601DateFormatter().date(from: "2026-03-10T02:00:00Z")!)
            let requester = try await s.login("zhujian")
            let admin = try await s.login("admin", "admin123")
            let source = """
                field zj_lifts_checked "电梯检查台次" int unit "台次" min 0 flow
                report ZJ40 "电梯检查情况表" {
                  form_no "住建统40表"
                  authority "区住建局"
                  every month
                  filled_by community
                  column "电梯检查台次" = zj_lifts_checked
                  column "常住人口" = pop_resident
                }
                """
            let filed = try await s.request("POST", "/api/v1/requests", token: requester, body: [
                "title": "电梯检查情况表", "authority": "区住建局", "reason": "安全检查", "basis": "特种设备安全法", "frequency": "month",
                "kind": "once", "until": "2026-04", "source": source])
            #expect(filed.status == 201, "\(filed.text)")
            let review = try #require(filed.json["review"] as? [String: Any])
            #expect(review["columns"] as? Int == 2 && review["alreadyCollected"] as? Int == 1 && review["newFields"] as? Int == 1)
            #expect(review["addedEntriesPerUnit"] as? Int == 12)
            let id = try #require(filed.json["id"] as? Int)
            let version = try await s.request("GET", "/api/v1/templates", token: admin).json["version"] as? Int
            let rejected = try await s.request("POST", "/api/v1/requests/\(id)/decision", token: admin,
                                               body: ["decision": "reject", "reason": "与城建统计重复"])
            #expect(rejected.json["status"] as? String == "rejected")
            #expect(try await s.request("GET", "/api/v1/templates", token: admin).json["version"] as? Int == version)
            let stats = try await s.request("GET", "/api/v1/requests/stats?year=2026", token: admin)
            #expect(stats.json["avoidedEntriesPerUnit"] as? Int == 12)
            #expect((stats.json["byDecision"] as? [String: Any])?["rejected"] as? Int == 1)
            // Bad drafts are refused with the member named.
            let bad = try await s.request("POST", "/api/v1/requests", token: requester, body: [
                "title": "x", "authority": "y", "reason": "z", "basis": "b", "frequency": "month", "source": "field a \"A\" int"])
            #expect(bad.status == 422 && bad.errorFields["source"] != nil, "\(bad.text)")
        }
    }

    /// The demo's 住建 requester: one request admitted (ZJ05, on the 清单), one returned, one refused.
    @Test func theDemoHasARequesterWithRequestsDecidedEachWay() async throws {
        try await TestService.with { s async throws in
            s.clock.set(ISO8601DateFormatter().date(from: "2023-06-20T02:00:00Z")!)
            let list = try await s.request("GET", "/api/v1/requests", token: try await s.login("zhujian"))
            let rows = try #require(list.json["requests"] as? [[String: Any]])
            #expect(Set(rows.compactMap { $0["status"] as? String }) == ["approved", "returned", "rejected"])
            let admin = try await s.login("admin", "admin123")
            let approved = try #require(rows.first { $0["status"] as? String == "approved" }?["id"] as? Int)
            let one = try await s.request("GET", "/api/v1/requests/\(approved)", token: admin)
            #expect(one.json["listed"] as? String == "成社准〔2023〕2号")
            let review = try #require(one.json["review"] as? [String: Any], "\(one.text)")
            #expect((review["addedEntriesPerUnit"] as? Int ?? 0) > 0, "reviewed against the catalog without it")
            let stats = try await s.request("GET", "/api/v1/requests/stats?year=2023", token: admin)
            let by = try #require(stats.json["byDecision"] as? [String: Any])
            #expect(by["approved"] as? Int == 1 && by["rejected"] as? Int == 1 && by["returned"] as? Int == 1)
            #expect((stats.json["avoidedEntriesPerUnit"] as? Int ?? 0) > 0)
            let listing = try await s.request("GET", "/api/v1/listing", token: try await s.login("c001001"))
            #expect((listing.json["reports"] as? [[String: Any]])?.first { $0["id"] as? String == "ZJ05" }?["listed"] as? String == "成社准〔2023〕2号")
        }
    }

    /// A request waits while the catalog changes: its review is worked out against the catalog
    /// published now, so a figure published meanwhile counts as already collected.
    @Test func aWaitingRequestIsReviewedAgainstTheCatalogPublishedNow() async throws {
        try await TestService.with { s async throws in
            let requester = try await s.login("zhujian")
            let filed = try await s.request("POST", "/api/v1/requests?\(AdmissionTests.query)", token: requester,
                                            raw: try Data(contentsOf: CatalogueTests.zhujian), contentType: AdmissionTests.xlsx)
            let id = try #require(filed.json["id"] as? Int)
            #expect((filed.json["review"] as? [String: Any])?["newFields"] as? Int == 3)
            let admin = try await s.login("admin", "admin123")
            var files = try #require(try await s.request("GET", "/api/v1/templates", token: admin).json["files"] as? [String: Any])
            files["fields/99_new.bbt"] = "field elevator_households \"加装电梯惠及户数\" int unit \"户\" min 0 stock\n"
            let published = try await s.request("PUT", "/api/v1/templates", token: admin, body: ["files": files])
            #expect(published.status == 200, "\(published.text)")
            let again = try await s.request("GET", "/api/v1/requests/\(id)", token: requester)
            let review = try #require(again.json["review"] as? [String: Any])
            #expect(review["newFields"] as? Int == 2 && review["alreadyCollected"] as? Int == 15, "\(review)")
        }
    }
}
