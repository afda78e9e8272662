@testable import BBTServer
import BBTTestSupport
import Foundation
import Testing

/// A field collected by breakdowns through the service: published like any change, its cells on the
/// form as a grid, saved by cell key, and splits that disagree refused with the field named.
@Suite(.serialized) struct BreakdownServiceTests {
    static let path = "/api/v1/units/510104002002/forms/2023-07"
    static let splits = """
        dimension band "年龄组" { young "0-59岁", old "60岁及以上" }
        field buddies "结对帮扶人员" int unit "人" min 0 stock by sex, band

        report ZY01 "结对帮扶月报" {
          form_no "测志01表"
          authority "测试机关"
          every month
          due 5
          filled_by community
          columns buddies by sex total "合计"
          column "60岁及以上" = buddies[band.old]
        }

        """

    /// The published templates with the split field added.
    func publish(_ s: TestService) async throws {
        let admin = try await s.login("admin", "admin123")
        var files = try #require(try await s.request("GET", "/api/v1/templates", token: admin).json["files"] as? [String: String])
        // 性别 is FormTemplates' own dimension (户籍人口 is collected by it): the new field shares it.
        files["buddies.bbt"] = BreakdownServiceTests.splits
        let published = try await s.request("PUT", "/api/v1/templates", token: admin, body: ["files": files, "confirm": true])
        #expect(published.status == 200, "\(published.text)")
    }

    @Test func theFormListsTheGridAndASaveIsByCell() async throws {
        try await TestService.with { s async throws in
            try await publish(s)
            let filler = try await s.login("c002002")
            let form = try await s.request("GET", BreakdownServiceTests.path, token: filler).json
            let grid = try #require((form["breakdowns"] as? [[String: Any]])?.first { $0["field"] as? String == "buddies" })
            #expect(grid["field"] as? String == "buddies" && grid["label"] as? String == "结对帮扶人员")
            let splits = try #require(grid["splits"] as? [[String: Any]])
            #expect(splits.map { ($0["cells"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String } } == [
                ["buddies[sex.male]", "buddies[sex.female]"], ["buddies[band.young]", "buddies[band.old]"],
            ])
            #expect((splits[0]["cells"] as? [[String: Any]])?.first?["members"] as? [String] == ["男"])
            let fields = ((form["sections"] as? [[String: Any]]) ?? []).flatMap { $0["fields"] as? [[String: Any]] ?? [] }
            #expect(fields.filter { $0["cellOf"] as? String == "buddies" }.count == 4)
            #expect(!fields.contains { $0["id"] as? String == "buddies" }, "only cells are fields of the form")

            // Splits that disagree (12 by sex, 11 by age) are saved as a draft and refused on submit, the field named.
            let cells: [String: Any] = ["buddies[sex.male]": 5, "buddies[sex.female]": 7, "buddies[band.young]": 8,
                                        "buddies[band.old]": 3]
            let draft = try await s.request("PUT", BreakdownServiceTests.path, token: filler, body: ["values": cells, "version": 0])
            #expect(draft.status == 200, "\(draft.text)")
            let message = "结对帮扶人员: 按性别分的合计与按年龄组分的合计不一致"
            #expect(draft.json["errors"] as? [String] == [message])
            let refused = try await s.request("PUT", BreakdownServiceTests.path, token: filler,
                                              body: ["values": [:] as [String: Any], "version": 1, "submit": true])
            #expect(refused.status == 422)
            #expect(refused.errorFields["buddies[band.old]"] == message)
            let stored = try await s.request("GET", BreakdownServiceTests.path, token: filler).json["values"] as? [String: Any] ?? [:]
            #expect(stored["buddies[sex.female]"] as? Int == 7 && stored["buddies"] == nil)

            // The page shows the grid with its total worked out, and each cell's input by key.
            let cookie = try #require(try await s.request("POST", "/login", form: "username=c002002&password=demo1234").sessionCookie)
            let page = try await s.request("GET", "/form/510104002002?month=2023-07", cookie: cookie).text
            #expect(page.contains("data-grid=\"buddies\"") && page.contains("<output data-total-for=\"buddies\">12</output>"))
            #expect(page.contains("data-field=\"buddies[band.old]\"") && page.contains("按年龄组分"))
        }
    }

    @Test func reportsAddCellsUpTheTree() async throws {
        try await TestService.with { s async throws in
            try await publish(s)
            let filler = try await s.login("c002002")
            let cells: [String: Any] = ["buddies[sex.male]": 5, "buddies[sex.female]": 7, "buddies[band.young]": 9,
                                        "buddies[band.old]": 3]
            #expect(try await s.request("PUT", BreakdownServiceTests.path, token: filler, body: ["values": cells, "version": 0]).status == 200)
            let street = try await s.login("street2")
            let report = try await s.request("GET", "/api/v1/units/510104002/reports/ZY01/2023-07.json", token: street)
            #expect(report.status == 200, "\(report.text)")
            let rows = try #require(report.json["rows"] as? [[String: Any]])
            let row = try #require(rows.first { $0["unit"] as? String == "510104002002" }?["values"] as? [String: Any])
            #expect(row["buddies"] as? Int == 12 && row["buddies_male"] as? Int == 5 && row["buddies_female"] as? Int == 7)
            #expect(row["buddies_old"] as? Int == 3)
            let columns = try #require(report.json["columns"] as? [[String: Any]])
            #expect(columns.map { $0["key"] as? String } == ["buddies", "buddies_male", "buddies_female", "buddies_old"])
        }
    }
}
