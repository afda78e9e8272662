@testable import BBTServer
import BBTEngine
import BBTTestSupport
import Foundation
import Testing

/// The admin's catalogue work: reports with their 有效期, the fields most asked, a department's
/// XLSX drafted, the preview before 发布, and a confirmation before hiding stored values.
@Suite struct CatalogueTests {
    static let zhujian = TestTools.packageRoot.appendingPathComponent("Tests/BBTImportTests/Fixtures/forms/zhujian_elevator.xlsx")

    @Test func theCatalogueListsEveryReportWithItsValidityAndTheFieldsMostAsked() async throws {
        try await TestService.with { s async throws in
            // 2024-10: ZZ02 (valid until 2024-12) is expiring, SZ01 (2028-12) valid.
            s.clock.set(ISO8601DateFormatter().date(from: "2024-10-10T02:00:00Z")!)
            let admin = try await s.login("admin", "admin123")
            let answer = try await s.request("GET", "/api/v1/catalog", token: admin)
            #expect(answer.status == 200)
            let reports = try #require(answer.json["reports"] as? [[String: Any]])
            #expect(reports.count == 22)
            let zz02 = try #require(reports.first { $0["id"] as? String == "ZZ02" })
            #expect(zz02["validity"] as? String == "expiring")
            #expect(zz02["formNo"] as? String != nil && zz02["authority"] as? String != nil)
            #expect(zz02["frequency"] as? String == "month")
            #expect((zz02["entriesPerYear"] as? Int ?? 0) == 12 * (zz02["fields"] as? Int ?? -1))
            #expect(reports.first { $0["id"] as? String == "SZ01" }?["validity"] as? String == "valid")
            let fields = try #require(answer.json["fields"] as? [[String: Any]])
            #expect(fields.first?["id"] as? String == "pop_resident")
            #expect((fields.first?["reports"] as? Int ?? 0) >= 10)
            #expect(fields.first?["of"] as? Int == (answer.json["reportsFilledBy"] as? [String: Any])?["count"] as? Int)
            let counts = fields.compactMap { $0["reports"] as? Int }
            #expect(counts == counts.sorted(by: >))
            s.clock.set(ISO8601DateFormatter().date(from: "2025-01-10T02:00:00Z")!)
            let later = try await s.request("GET", "/api/v1/catalog", token: try await s.login("admin", "admin123"))
            #expect((later.json["reports"] as? [[String: Any]])?.first { $0["id"] as? String == "ZZ02" }?["validity"] as? String == "expired")
            #expect(try await s.request("GET", "/api/v1/catalog", token: try await s.login("c001001")).status == 403)
            #expect(try await s.request("GET", "/api/v1/catalog", token: try await s.login("jinjiang")).status == 200)
        }
    }

    /// 住建局's new form dropped on the service: the draft, its mapping and cost; once published the
    /// June form grows by only the new fields.
    @Test func aDepartmentsFormIsDraftedPreviewedAndPublishedAndTheFormGrowsByItsNewFieldsOnly() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            let bytes = try Data(contentsOf: CatalogueTests.zhujian)
            let drafted = try await s.request("POST", "/api/v1/templates/import?id=ZJ31", token: admin, raw: bytes,
                                              contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(drafted.status == 200)
            #expect(drafted.json["path"] as? String == "import/ZJ31.bbt")
            let source = try #require(drafted.json["report"] as? String)
            #expect(source.contains("report ZJ31 "))
            let columns = try #require(drafted.json["columns"] as? [[String: Any]])
            #expect(columns.count == 17)
            #expect(columns.filter { $0["field"] is NSNull }.count == 3)
            #expect(drafted.json["addedEntries"] as? Int == 14)

            let filler = try await s.login("c001001")
            let juneBefore = try await s.request("GET", "/api/v1/units/510104001001/forms/2023-06", token: filler)
            let current = try await s.request("GET", "/api/v1/templates", token: admin)
            var files = try #require(current.json["files"] as? [String: String])
            files["import/ZJ31.bbt"] = source
            let check = try await s.request("POST", "/api/v1/templates/check", token: admin, body: ["files": files])
            #expect(check.json["ok"] as? Bool == true)
            let preview = try #require(check.json["preview"] as? [String: Any])
            #expect((preview["reportsAdded"] as? [[String: Any]])?.map { $0["id"] as? String } == ["ZJ31"])
            #expect((preview["fieldsAdded"] as? [[String: Any]])?.count == 3)
            #expect((preview["fieldsRemoved"] as? [Any])?.isEmpty == true)
            let before = try #require(preview["before"] as? [String: Any]), after = try #require(preview["after"] as? [String: Any])
            #expect((after["formEntries"] as? Int ?? 0) - (before["formEntries"] as? Int ?? 0) == 14)
            // Nothing stored is hidden: published without asking.
            let published = try await s.request("PUT", "/api/v1/templates", token: admin, body: ["files": files])
            #expect(published.status == 200)
            let juneAfter = try await s.request("GET", "/api/v1/units/510104001001/forms/2023-06", token: filler)
            func ids(_ form: TestService.Reply) -> Set<String> {
                Set((form.json["sections"] as? [[String: Any]] ?? []).flatMap { ($0["fields"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } })
            }
            #expect(ids(juneAfter).subtracting(ids(juneBefore)) == ["zj31_10", "zj31_11", "zj31_17"])
            #expect(ids(juneBefore).isSubset(of: ids(juneAfter)))
        }
    }

    @Test func aVersionThatHidesStoredValuesIsPublishedOnlyWhenConfirmed() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            let current = try await s.request("GET", "/api/v1/templates", token: admin)
            var files = try #require(current.json["files"] as? [String: String])
            // Drop 完成投资 (stored monthly for 2023) and the 住建 columns that show it.
            let housing = try #require(files.keys.first { $0.hasSuffix("06_housing.bbt") })
            let zhujian = try #require(files.keys.first { $0.hasSuffix("reports/zhujian.bbt") })
            files[housing] = files[housing]!.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("oldyard_invest") }.joined(separator: "\n")
            files[zhujian] = files[zhujian]!.split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.contains("oldyard_invest") }.joined(separator: "\n")
            let check = try await s.request("POST", "/api/v1/templates/check", token: admin, body: ["files": files])
            let preview = try #require(check.json["preview"] as? [String: Any])
            let removed = try #require(preview["fieldsRemoved"] as? [[String: Any]])
            #expect(removed.contains { $0["id"] as? String == "oldyard_invest" && ($0["storedValues"] as? Int ?? 0) > 0 })
            #expect(removed.count == 1)
            #expect((preview["reportsRemoved"] as? [Any])?.isEmpty == true)
            let refused = try await s.request("PUT", "/api/v1/templates", token: admin, body: ["files": files])
            #expect(refused.status == 409)
            #expect((refused.json["error"] as? [String: Any])?["code"] as? String == "confirmation_required")
            #expect(refused.json["preview"] != nil)
            #expect(try await s.request("GET", "/api/v1/templates", token: admin).json["version"] as? Int == 1)
            let confirmed = try await s.request("PUT", "/api/v1/templates", token: admin, body: ["files": files, "confirm": true])
            #expect(confirmed.status == 200)
            #expect(confirmed.json["version"] as? Int == 2)
        }
    }

    /// Turning a field into slices (流动人口 collected by 性别 from now on) hides the values stored
    /// under the field itself: previewed, counted and published only when confirmed; nothing deleted.
    @Test func splittingAFieldIsPreviewedLikeAnyChange() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            var files = try #require(try await s.request("GET", "/api/v1/templates", token: admin).json["files"] as? [String: String])
            let population = try #require(files.keys.first { $0.hasSuffix("01_population.bbt") })
            files[population] = files[population]!.replacingOccurrences(
                of: "field pop_floating \"流动人口\" int unit \"人\" min 0 stock carry from gongan",
                with: "field pop_floating \"流动人口\" int unit \"人\" min 0 stock carry from gongan by sex")
            let refused = try await s.request("PUT", "/api/v1/templates", token: admin, body: ["files": files])
            #expect(refused.status == 409, "\(refused.text.prefix(400))")
            let preview = try #require(refused.json["preview"] as? [String: Any])
            let removed = try #require(preview["fieldsRemoved"] as? [[String: Any]])
            #expect(removed.contains { $0["id"] as? String == "pop_floating" && ($0["storedValues"] as? Int ?? 0) > 0 }, "\(removed)")
            let added = (preview["fieldsAdded"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(added.contains("pop_floating[sex.male]") && added.contains("pop_floating[sex.female]"))
            let confirmed = try await s.request("PUT", "/api/v1/templates", token: admin, body: ["files": files, "confirm": true])
            #expect(confirmed.status == 200)
            // The values stored under the field stay in the store.
            let filler = try await s.login("c001001")
            let june = try await s.request("GET", "/api/v1/units/510104001001/forms/2023-06", token: filler)
            #expect((june.json["values"] as? [String: Any])?["pop_floating"] == nil, "the form now asks the cells")
            #expect(try await s.state.store.values(units: ["510104001001"], periods: [Period("2023-06")!], fields: ["pop_floating"]).count == 1)
        }
    }

    @Test func aFileThatIsNotAFormIsRefusedAndOnlyAdminsImport() async throws {
        try await TestService.with { s async throws in
            let admin = try await s.login("admin", "admin123")
            let bad = try await s.request("POST", "/api/v1/templates/import", token: admin, raw: Data("hello".utf8),
                                          contentType: "application/octet-stream")
            #expect(bad.status == 422)
            #expect(((bad.json["error"] as? [String: Any])?["message"] as? String)?.contains("不是 XLSX 文件") == true)
            let bytes = try Data(contentsOf: CatalogueTests.zhujian)
            let taken = try await s.request("POST", "/api/v1/templates/import?id=SZ01", token: admin, raw: bytes)
            #expect(taken.status == 422)
            let idMessage = ((taken.json["error"] as? [String: Any])?["fields"] as? [String: Any])?["id"] as? String
            // The API names its own query member, not the command's option.
            #expect(idMessage == "目录中已有报表 SZ01, 请另取一个报表编号")
            // A filler's publish is refused before its body is read: 403, not 400 for the body.
            let filler = try await s.login("jinjiang")
            #expect(try await s.request("PUT", "/api/v1/templates", token: filler, raw: Data("not json".utf8)).status == 403)
            #expect(try await s.request("POST", "/api/v1/templates/import", token: try await s.login("jinjiang"), raw: bytes).status == 403)
        }
    }
}
