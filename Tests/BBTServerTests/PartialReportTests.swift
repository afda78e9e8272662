@testable import BBTServer
import BBTEngine
import Foundation
import BBTTestSupport
import Testing

/// Kept partial aggregates (issue 26): a district's merged report reads its streets' partials, the
/// same table as from every community's values; a save makes its street's partial stale at once.
@Suite struct PartialReportTests {
    func direct(_ s: TestService, _ id: String, _ unit: String, _ period: String) async throws -> ReportTable {
        let catalog = await s.state.templates().catalog
        return try await ReportService.direct(s.state, catalog: catalog, report: catalog.report(id)!, period: Period(period)!,
                                              unit: s.state.tree.index(of: unit)!, rows: .children)
    }

    @Test func aDistrictsReportFromKeptPartialsEqualsItFromEveryCommunityAndFollowsASave() async throws {
        try await TestService.with { s async throws in try await check(s) }
    }

    /// The same on PostgreSQL, where form versions and values are read by other queries.
    @Test(.enabled(if: TestPostgres.url != nil, "needs BBT_TEST_POSTGRES"))
    func onPostgreSQLToo() async throws {
        var options = ServerOptions()
        options.database = try TestPostgres.newDatabase("partials")
        options.templates = TestTools.path("FormTemplates")
        options.seed = TestTools.path("samples")
        let clock = ManualClock()
        let (state, _) = try await Server.prepare(options, logger: TestService.logger, clock: clock)
        try await check(TestService(responder: Server.router(state).buildResponder(), state: state, clock: clock,
                                    database: URL(fileURLWithPath: "/dev/null")))
    }

    func check(_ s: TestService) async throws {
        do {
            let district = try await s.login("jinjiang")
            let path = "/api/v1/units/510104/reports/SZ01/2023-Q2.json"
            let first = try await s.request("GET", path, token: district)
            #expect(first.status == 200)
            #expect(s.state.partials.count == 3, "one partial per street")
            let again = try await s.request("GET", path, token: district)
            #expect(again.body == first.body, "the same report from the kept partials")
            let expected = try await direct(s, "SZ01", "510104", "2023-Q2")
            let kept = try await ReportService(state: s.state).table("SZ01", unit: s.state.tree.index(of: "510104")!, period: Period("2023-Q2")!,
                                                                     rows: .children, for: try await s.state.store.user(named: "jinjiang")!)
            #expect(kept.2.total == expected.total && kept.2.rows.map(\.values) == expected.rows.map(\.values))

            // 王家坝社区 (书院街街道) saves June: its street's partial is stale, the others are kept.
            let filler = try await s.login("c002003")
            let june = "/api/v1/units/510104002003/forms/2023-06"
            let form = try await s.request("GET", june, token: filler)
            let version = try #require(form.json["version"] as? Int)
            let saved = try await s.request("PUT", june, token: filler, body: ["values": ["households": 9999], "version": version])
            #expect(saved.status == 200, "\(saved.text)")
            let after = try await s.request("GET", path, token: district)
            #expect(after.body != first.body)
            let fresh = try await direct(s, "SZ01", "510104", "2023-Q2")
            let served = try await ReportService(state: s.state).table("SZ01", unit: s.state.tree.index(of: "510104")!, period: Period("2023-Q2")!,
                                                                       rows: .children, for: try await s.state.store.user(named: "jinjiang")!)
            #expect(served.2.total == fresh.total && served.2.rows.map(\.values) == fresh.rows.map(\.values))
            let households = fresh.columns.firstIndex { $0.key == "households" }!
            #expect(served.2.rows.map { $0.unit.code } == ["510104001", "510104002", "510104003"])
            #expect(served.2.rows[1].values[households] != kept.2.rows[1].values[households], "书院街街道's row follows the save")
            #expect(served.2.rows[0].values[households] == kept.2.rows[0].values[households])
        }
    }
}
