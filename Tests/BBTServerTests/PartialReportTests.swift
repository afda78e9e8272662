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
        try await check(try await onPostgres("partials"))
    }

    /// The samples' service on a new PostgreSQL database.
    func onPostgres(_ name: String) async throws -> TestService {
        var options = ServerOptions()
        options.database = try TestPostgres.newDatabase(name)
        options.templates = TestTools.path("FormTemplates")
        options.seed = TestTools.path("samples")
        let clock = ManualClock()
        let (state, _) = try await Server.prepare(options, logger: TestService.logger, clock: clock)
        return TestService(responder: Server.router(state).buildResponder(), state: state, clock: clock,
                           database: URL(fileURLWithPath: "/dev/null"))
    }

    @Test func randomSavesLeaveEveryReportFromPartialsEqualToItFromEveryUnit() async throws {
        try await TestService.with { s async throws in try await randomSaves(s) }
    }

    @Test(.enabled(if: TestPostgres.url != nil, "needs BBT_TEST_POSTGRES"))
    func randomSavesOnPostgreSQLToo() async throws {
        try await randomSaves(try await onPostgres("partials_random"))
    }

    /// Communities chosen at random save July's form with random values (some fields left empty, some
    /// forms submitted); after each save every report due for the district in July, and the quarter,
    /// from kept partials equals the same report from every community's values.
    func randomSaves(_ s: TestService) async throws {
        var rng = SystemRandomNumberGenerator()
        let reviewer = try #require(try await s.state.store.user(named: "jinjiang"))
        let catalog = await s.state.templates().catalog
        let district = s.state.tree.index(of: "510104")!
        let due = [Period("2023-07")!, Period("2023-Q3")!].flatMap { p in
            catalog.reportsDue(at: p, for: .district).filter { $0.0.filledBy == .community }
        }
        #expect(!due.isEmpty)
        let fillers = ["c001001", "c001004", "c002001", "c002003", "c003002", "c003003"]
        var tokens: [String: String] = [:]
        for _ in 0..<8 {
            let user = fillers.randomElement(using: &rng)!
            if tokens[user] == nil { tokens[user] = try await s.login(user) }
            let code = try #require(try await s.state.store.user(named: user)).unit
            let path = "/api/v1/units/\(code)/forms/2023-07"
            let form = try await s.request("GET", path, token: tokens[user]!)
            guard form.json["status"] as? String != "submitted" else { continue }
            var values: [String: Any] = [:]
            for field in ["pop_resident", "households", "pop_births", "pop_deaths", "disputes_received", "petitions"]
            where Int.random(in: 0..<4, using: &rng) > 0 {
                values[field] = Int.random(in: 0...900, using: &rng)
            }
            let saved = try await s.request("PUT", path, token: tokens[user]!,
                                            body: ["values": values, "version": form.json["version"] as? Int ?? 0, "submit": false])
            #expect(saved.status == 200, "\(saved.text)")
            for (report, period) in due {
                let expected = try await direct(s, report.id, "510104", period.description)
                let served = try await ReportService(state: s.state).table(report.id, unit: district, period: period, rows: .children, for: reviewer)
                #expect(served.2.total == expected.total && served.2.rows.map(\.values) == expected.rows.map(\.values),
                        "\(report.id) \(period) after \(user)'s save")
            }
        }
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
