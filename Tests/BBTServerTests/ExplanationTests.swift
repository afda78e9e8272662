@testable import BBTServer
import BBTTestSupport
import Foundation
import Testing

/// 核实性审核 through the API: FormTemplates' `explain` rules (常住人口 month on month) block a submit
/// until the filler explains, and the explanation reaches the reviewer's status list, the report's
/// rows and the audit trail.
@Suite(.serialized) struct ExplanationTests {
    static let path = "/api/v1/units/510104002002/forms/2023-07"
    static let rule = "常住人口环比变动超过10%, 请在上报说明中写明原因"

    /// July filled as June was (June's values pass every rule against themselves), with `changes`.
    func july(_ s: TestService, _ token: String, _ changes: [String: Any]) async throws -> [String: Any] {
        let june = try await s.request("GET", "/api/v1/units/510104002002/forms/2023-06", token: token).json["values"] as? [String: Any] ?? [:]
        let form = try await s.request("GET", ExplanationTests.path, token: token)
        let ids = ((form.json["sections"] as? [[String: Any]]) ?? []).flatMap { $0["fields"] as? [[String: Any]] ?? [] }.map { $0["id"] as! String }
        var values: [String: Any] = [:]
        for id in ids { values[id] = june[id] ?? NSNull() }
        return values.merging(changes) { _, new in new }
    }

    @Test func aJumpNeedsAnExplanationThatReviewersThenSee() async throws {
        try await TestService.with { s async throws in
            let filler = try await s.login("c002002")
            // June holds 7,030 residents; 9,000 in July is 28 % more.
            let values = try await july(s, filler, ["pop_resident": 9000, "households": 2496])
            let refused = try await s.request("PUT", ExplanationTests.path, token: filler, body: ["values": values, "version": 0, "submit": true])
            #expect(refused.status == 422, "\(refused.text)")
            let error = refused.json["error"] as? [String: Any] ?? [:]
            #expect(error["code"] as? String == "cannot_submit")
            #expect(refused.json["explain"] as? [String] == [ExplanationTests.rule])
            #expect(refused.json["rules"] as? [String] == [], "an explain rule is not an error rule")
            #expect(refused.errorFields["explanation"] == "请填写上报说明: \(ExplanationTests.rule)")
            #expect(refused.errorFields["pop_resident"] == ExplanationTests.rule)

            // A draft goes through and says what will need explaining.
            let draft = try await s.request("PUT", ExplanationTests.path, token: filler, body: ["values": values, "version": 0])
            #expect(draft.status == 200)
            #expect(draft.json["explain"] as? [String] == [ExplanationTests.rule])
            #expect(draft.json["errors"] as? [String] == [])

            let reason = "7月锦东安置小区二期交付, 迁入约2000人"
            let ok = try await s.request("PUT", ExplanationTests.path, token: filler,
                                         body: ["values": [:] as [String: Any], "version": 1, "submit": true, "explanation": reason])
            #expect(ok.status == 200, "\(ok.text)")
            #expect(ok.json["status"] as? String == "submitted")
            #expect(ok.json["explanation"] as? String == reason)
            #expect(try await s.request("GET", ExplanationTests.path, token: filler).json["explanation"] as? String == reason)

            let street = try await s.login("street2")
            let status = try await s.request("GET", "/api/v1/units/510104002/status/2023-07", token: street)
            let row = (status.json["units"] as? [[String: Any]])?.first { $0["unit"] as? String == "510104002002" }
            #expect(row?["explanation"] as? String == reason)
            #expect((status.json["units"] as? [[String: Any]])?.first { $0["unit"] as? String == "510104002001" }?["explanation"] is NSNull)

            let xml = try await s.request("GET", "/api/v1/units/510104002/reports/ZJ12/2023-07.xml", token: street)
            #expect(xml.text.contains("name=\"大慈寺社区\" status=\"submitted\" explanation=\"\(reason)\""), "\(xml.text.prefix(600))")
            let dir = try TestTools.temporaryDirectory("explained")
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("ZJ12.xml")
            try xml.body.write(to: file)
            let lint = try TestTools.run("/usr/bin/xmllint", ["--noout", "--schema", TestTools.path("schemas/report.xsd"), file.path])
            #expect(lint.status == 0, "\(lint.stderr)")
            let json = try await s.request("GET", "/api/v1/units/510104002/reports/ZJ12/2023-07.json", token: street)
            let rows = json.json["rows"] as? [[String: Any]] ?? []
            #expect(rows.first { $0["unit"] as? String == "510104002002" }?["explanation"] as? String == reason)

            let audit = try await s.request("GET", "/api/v1/audit?unit=510104002002&month=2023-07", token: street)
            let entries = audit.json["entries"] as? [[String: Any]] ?? []
            let explained = entries.filter { $0["action"] as? String == "explanation" }
            #expect(explained.count == 1 && explained.first?["new"] as? String == reason, "\(audit.text.prefix(400))")
        }
    }

    @Test func theSeededJuneCarriesItsExplanation() async throws {
        try await TestService.with { s async throws in
            let street = try await s.login("street2")
            let status = try await s.request("GET", "/api/v1/units/510104002/status/2023-06", token: street)
            let row = (status.json["units"] as? [[String: Any]])?.first { $0["unit"] as? String == "510104002002" }
            #expect((row?["explanation"] as? String)?.hasPrefix("6月锦东安置小区集中交付") == true)
        }
    }
}
