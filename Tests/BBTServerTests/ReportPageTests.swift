@testable import BBTServer
import BBTTestSupport
import Foundation
import Testing

/// Reports on screen as a browser without JavaScript sees them: the table, its links, the marks, and
/// the drill-down page with each unit's line.
@Suite(.serialized) struct ReportPageTests {
    @Test func theStreetsSZ01OnScreenLinksEveryNumberToWhereItComesFrom() async throws {
        try await TestService.with { s async throws in
            let street = try await s.login("street2")
            let page = try await s.request("GET", "/report/510104002/SZ01/2023-Q2", cookie: street)
            #expect(page.status == 200)
            let html = page.text
            #expect(html.contains("<tr id=\"row-510104002002\" class=\"marked\">"), "大慈寺社区 explained its June")
            #expect(html.contains("href=\"/report/510104002/SZ01/2023-Q2/cells/total/pop_resident\""))
            let json = try await s.request("GET", "/api/v1/units/510104002/reports/SZ01/2023-Q2.json", token: street).json
            let total = try #require((json["total"] as? [String: Any])?["pop_resident"] as? Int)
            #expect(html.contains("<td class=\"num\"><a href=\"/report/510104002/SZ01/2023-Q2/cells/total/pop_resident\" data-cell=\"pop_resident\">\(total)</a></td>"))
            // A text column merges to nothing: an empty cell, not 0.
            #expect(html.contains("cells/total/community_type\" data-cell=\"community_type\"></a></td>"))

            let cell = try await s.request("GET", "/report/510104002/SZ01/2023-Q2/cells/total/pop_resident", cookie: street)
            #expect(cell.status == 200)
            #expect(cell.text.contains("<div class=\"big\" id=\"cell-value\">\(total)</div>"))
            #expect(cell.text.contains("近13个月"), "常住人口 is collected monthly: the line runs month by month")
            let daci = try #require(cell.text.components(separatedBy: "<tr id=\"part-510104002002\">").dropFirst().first)
            let points = try #require(daci.components(separatedBy: "<polyline points=\"").dropFirst().first?.split(separator: "\"").first)
            #expect(points.split(separator: " ").count == 6, "January to June 2023 filled: \(points)")
            #expect(cell.text.components(separatedBy: "<svg class=\"spark\"").count - 1 == 3)
        }
    }

    @Test func aReportPageHasTheReportsAccess() async throws {
        try await TestService.with { s async throws in
            let filler = try await s.login("c001001")
            #expect(try await s.request("GET", "/report/510104001001/SZ01/2023-Q2", cookie: filler).status == 200)
            #expect(try await s.request("GET", "/report/510104001/SZ01/2023-Q2", cookie: filler).status == 403)
            #expect(try await s.request("GET", "/report/510104001/SZ01/2023-Q2").status == 303, "not logged in: to the log-in page")
            let street = try await s.login("street1")
            #expect(try await s.request("GET", "/report/510104001/SZ01/2023-06", cookie: street).status == 400)
            #expect(try await s.request("GET", "/report/510104001/NOPE/2023-Q2", cookie: street).status == 404)
        }
    }
}
