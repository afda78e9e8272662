@testable import BBTServer
import BBTTestSupport
import Foundation
import Testing

/// Where a number in a report comes from: every check here is one a reviewer would make by hand
/// against the report itself.
@Suite(.serialized) struct DrillDownTests {
    static let report = "/api/v1/units/510104/reports/SZ01/2023-Q2"

    func cell(_ s: TestService, _ token: String, _ row: String, _ key: String, report: String = DrillDownTests.report) async throws -> TestService.Reply {
        try await s.request("GET", "\(report)/cells/\(row)/\(key)", token: token)
    }

    func number(_ any: Any?) -> Decimal? {
        if let n = any as? NSNumber { return n.decimalValue }
        return nil
    }

    @Test func theContributionsOfASumColumnAddUpToTheTotal() async throws {
        try await TestService.with { s async throws in
            let district = try await s.login("jinjiang")
            let table = try await s.request("GET", "\(DrillDownTests.report).json", token: district).json
            let total = try #require((table["total"] as? [String: Any])?["pop_resident"])
            let r = try await cell(s, district, "total", "pop_resident")
            #expect(r.status == 200, "\(r.text)")
            #expect(number(r.json["value"]) == number(total))
            #expect(r.json["expression"] as? String == "pop_resident")
            let inputs = try #require(r.json["inputs"] as? [String: Any])
            #expect(number(inputs["pop_resident"]) == number(total))
            let parts = try #require(r.json["contributions"] as? [[String: Any]])
            #expect(parts.count == 10, "every community of the district")
            let sum = parts.compactMap { number(($0["values"] as? [String: Any])?["pop_resident"]) }.reduce(0, +)
            #expect(sum == number(total))
            let daci = parts.first { $0["unit"] as? String == "510104002002" }
            #expect(daci?["name"] as? String == "大慈寺社区" && daci?["status"] as? String == "submitted")
            #expect((daci?["explanation"] as? String)?.hasPrefix("6月锦东安置小区集中交付") == true)
        }
    }

    @Test func aComputedColumnIsEvaluatedOnTheMergedInputs() async throws {
        try await TestService.with { s async throws in
            let district = try await s.login("jinjiang")
            let table = try await s.request("GET", "\(DrillDownTests.report).json", token: district).json
            let street = try #require((table["rows"] as? [[String: Any]])?.first { $0["unit"] as? String == "510104002" })
            let r = try await cell(s, district, "510104002", "household_size")
            #expect(r.status == 200, "\(r.text)")
            #expect(number(r.json["value"]) == number((street["values"] as? [String: Any] ?? street)["household_size"]))
            let inputs = try #require(r.json["inputs"] as? [String: Any])
            #expect(Set(inputs.keys) == ["pop_resident", "households"], "\(r.json["expression"] ?? "")")
            let parts = try #require(r.json["contributions"] as? [[String: Any]])
            #expect(parts.map { $0["unit"] as! String } == ["510104002001", "510104002002", "510104002003"])
            for key in ["pop_resident", "households"] {
                let sum = parts.compactMap { number(($0["values"] as? [String: Any])?[key]) }.reduce(0, +)
                #expect(sum == number(inputs[key]), "\(key): merged input is the sum of the street's communities")
            }
            // The ratio of the sums, not the sum (or mean) of the communities' ratios.
            let pop = try #require(number(inputs["pop_resident"])), households = try #require(number(inputs["households"]))
            let expected = NSDecimalNumber(decimal: pop / households).doubleValue
            #expect(abs(NSDecimalNumber(decimal: number(r.json["value"]) ?? 0).doubleValue - expected) < 0.006)
        }
    }

    @Test func emptyContributionsAreListedAsEmpty() async throws {
        try await TestService.with { s async throws in
            // July: one community has saved its population, the others nothing yet.
            let filler = try await s.login("c001001")
            #expect(try await s.request("PUT", "/api/v1/units/510104001001/forms/2023-07", token: filler,
                                        body: ["values": ["pop_resident": 15600], "version": 0]).status == 200)
            let street = try await s.login("street1")
            let r = try await cell(s, street, "total", "pop_resident", report: "/api/v1/units/510104001/reports/SZ02/2023-07")
            #expect(r.status == 200, "\(r.text)")
            let parts = try #require(r.json["contributions"] as? [[String: Any]])
            #expect(parts.count == 4)
            let values = parts.map { ($0["values"] as? [String: Any])?["pop_resident"] }
            #expect(values.filter { $0 is NSNull }.count == 3, "empty, not zero: \(values)")
            #expect(parts.first { $0["unit"] as? String == "510104001001" }?["status"] as? String == "draft")
            #expect(parts.first { $0["unit"] as? String == "510104001002" }?["status"] as? String == "empty")
        }
    }

    @Test func aCellOutsideTheReportIsNotFoundAndOthersReportsAreForbidden() async throws {
        try await TestService.with { s async throws in
            let street = try await s.login("street1")
            let own = "/api/v1/units/510104001/reports/SZ01/2023-Q2"
            #expect(try await cell(s, street, "510104001001", "pop_resident", report: own).status == 200)
            #expect(try await cell(s, street, "510104001001", "nope", report: own).status == 404)
            #expect(try await cell(s, street, "510104002001", "pop_resident", report: own).status == 404, "another street's community")
            #expect(try await cell(s, street, "total", "pop_resident").status == 403, "the district's report")
            #expect(try await cell(s, street, "total", "pop_resident", report: "/api/v1/units/510104001/reports/SZ01/2023-06").status == 400)
            let filler = try await s.login("c001001")
            let community = "/api/v1/units/510104001001/reports/SZ01/2023-Q2"
            let mine = try await cell(s, filler, "510104001001", "pop_resident", report: community)
            #expect(mine.status == 200 && (mine.json["contributions"] as? [Any])?.count == 1)
            #expect(try await cell(s, filler, "total", "pop_resident", report: community).status == 404, "a community's report has no 合计")
        }
    }
}

extension DrillDownTests {
    @Test func aTimeFunctionIsAnInputOfItsOwn() async throws {
        try await TestService.with { s async throws in
            let street = try await s.login("street1")
            let r = try await cell(s, street, "total", "meetings_ytd", report: "/api/v1/units/510104001/reports/SZ02/2023-06")
            #expect(r.status == 200, "\(r.text)")
            #expect(r.json["expression"] as? String == "ytd(resident_meetings)")
            let inputs = try #require(r.json["inputs"] as? [String: Any])
            #expect(Array(inputs.keys) == ["ytd(resident_meetings)"])
            let parts = try #require(r.json["contributions"] as? [[String: Any]])
            let sum = parts.compactMap { number(($0["values"] as? [String: Any])?["ytd(resident_meetings)"]) }.reduce(0, +)
            #expect(sum == number(r.json["value"]) && sum > 0)
        }
    }

    /// A department's figure on the drill-down page: where a community's differs from what 公安
    /// supplied, the department's value and the community's reason stand beside it (数据回流).
    @Test func aSuppliedFigureShowsTheDepartmentsValueAndTheReason() async throws {
        try await TestService.with { s async throws in
            let cookie = try #require(try await s.request("POST", "/login", form: "username=street1&password=demo1234").sessionCookie)
            let page = try await s.request("GET", "/report/510104001/GA01/2023-06/cells/total/pop_resident", cookie: cookie)
            #expect(page.status == 200, "\(page.text.prefix(300))")
            #expect(page.text.contains("更正原因: 公安实有人口含已搬离但未注销户口的37人, 以社区6月入户核实为准"), "\(page.text)")
            #expect(page.text.contains("<div class=\"hint supplied-by\">部门 "))
        }
    }
}
