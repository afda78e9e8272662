import BBTEngine
import BBTTemplates
import Foundation
import Testing

/// The service on a unit tree that changes: 龙王庙社区 closed after May 2023 (its area taken over by
/// its street's others). Forms, reports and the completeness list follow the tree of each month;
/// nothing stored is lost.
@Suite struct UnitTimeServiceTests {
    static func closingLongwangmiao() async throws -> URL {
        try await TestService.with { s async throws in
            let tree = s.state.tree
            let closed = tree.index(of: "510104001002")!
            var spans = tree.spans
            spans[closed] = UnitSpan(from: nil, until: MonthNumber.of(year: 2023, month: 5))
            try await s.state.store.replaceUnits(tree.units, tree: UnitTree(units: tree.units, spans: spans))
            return s.database
        }
    }

    @Test func formsReportsAndTheStatusListFollowTheTreeOfTheirMonth() async throws {
        let database = try await UnitTimeServiceTests.closingLongwangmiao()
        try await TestService.with(database: database) { s async throws in
            let district = try await s.login("jinjiang")
            let may = try await s.request("GET", "/api/v1/units/510104001002/forms/2023-05", token: district)
            #expect(may.status == 200)
            let june = try await s.request("GET", "/api/v1/units/510104001002/forms/2023-06", token: district)
            #expect(june.status == 404)
            #expect(((june.json["error"] as? [String: Any])?["message"] as? String)?.contains("已撤并") == true)
            func rows(_ path: String) async throws -> Int {
                try await s.request("GET", path, token: district).text.components(separatedBy: "<row ").count - 1
            }
            #expect(try await rows("/api/v1/units/510104001/reports/GA01/2023-05.xml?rows=leaf") == 4)
            #expect(try await rows("/api/v1/units/510104001/reports/GA01/2023-06.xml?rows=leaf") == 3)
            // A quarter takes the tree of its last month: Q1 has the community, Q2 (ending in June) not.
            #expect(try await rows("/api/v1/units/510104001/reports/SZ01/2023-Q1.xml?rows=leaf") == 4)
            #expect(try await rows("/api/v1/units/510104001/reports/SZ01/2023-Q2.xml?rows=leaf") == 3)
            #expect(try await s.request("GET", "/api/v1/units/510104001002/reports/GA01/2023-06.xml", token: district).status == 404)
            let status = try await s.request("GET", "/api/v1/units/510104001/status/2023-06", token: district)
            #expect(!status.text.contains("510104001002"))
            #expect(try await s.request("GET", "/api/v1/units/510104001/status/2023-05", token: district).text.contains("510104001002"))
            // The tree of a month, and nothing stored is lost.
            let mayTree = try await s.request("GET", "/api/v1/units?at=2023-05", token: district)
            let juneTree = try await s.request("GET", "/api/v1/units?at=2023-06", token: district)
            let codes = { (r: TestService.Reply) in ((r.json["units"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String } }
            #expect(codes(mayTree).contains("510104001002") && !codes(juneTree).contains("510104001002"))
            #expect(codes(juneTree).first == "510104")
            #expect(try await s.request("GET", "/api/v1/units?at=2023-6", token: district).status == 400)
            let stored = try await s.state.store.values(units: ["510104001002"], periods: [Period("2023-06")!])
            #expect(!stored.isEmpty)
        }
    }
}
