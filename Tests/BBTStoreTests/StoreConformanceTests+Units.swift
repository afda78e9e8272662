import BBTEngine
import BBTNumber
import BBTStore
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

/// The unit tree and its changes over time.
extension StoreConformanceTests {
    // MARK: Units

    @Test(arguments: StoreFactory.all)
    func unitsComeBackInTheOrderGivenWithTheirParentsCodes(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        // Deliberately not in code order: the store keeps the order it is given.
        let tree = UnitTree(units: [
            OrgUnit(code: "51", name: "成都市", level: .city, parent: nil),
            OrgUnit(code: "5101", name: "锦江区", level: .district, parent: 0),
            OrgUnit(code: "510102", name: "乙街道", level: .street, parent: 1),
            OrgUnit(code: "510101", name: "甲街道", level: .street, parent: 1),
            OrgUnit(code: "510102001", name: "一社区", level: .community, parent: 2),
            OrgUnit(code: "510101001", name: "二社区 (新)", level: .community, parent: 3),
        ])
        try await store.replaceUnits(tree.units, tree: tree)
        #expect(try await store.isEmpty() == false)
        #expect(try await unitLines(store.units()) == [
            "51 成都市 city -",
            "5101 锦江区 district 51",
            "510102 乙街道 street 5101",
            "510101 甲街道 street 5101",
            "510102001 一社区 community 510102",
            "510101001 二社区 (新) community 510101",
        ])
    }

    @Test(arguments: StoreFactory.all)
    func replacingUnitsReplacesThemAllNothingOfTheOldListStays(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let old = UnitTree(units: [
            OrgUnit(code: "51", name: "成都市", level: .city, parent: nil),
            OrgUnit(code: "5101", name: "锦江区", level: .district, parent: 0),
            OrgUnit(code: "5102", name: "青羊区", level: .district, parent: 0),
        ])
        try await store.replaceUnits(old.units, tree: old)
        let new = UnitTree(units: [
            OrgUnit(code: "5101", name: "锦江区 (改)", level: .city, parent: nil),
            OrgUnit(code: "510101", name: "甲街道", level: .street, parent: 0),
        ])
        try await store.replaceUnits(new.units, tree: new)
        #expect(try await unitLines(store.units()) == ["5101 锦江区 (改) city -", "510101 甲街道 street 5101"])
        #expect(try await store.isEmpty() == false)
    }

    // MARK: Units over time

    @Test(arguments: StoreFactory.all)
    func unitsAreAddedChangedClosedAndAppliedWithTheirAudit(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let tree = UnitTree(units: [
            OrgUnit(code: "51", name: "市", level: .city, parent: nil),
            OrgUnit(code: "s", name: "街道", level: .street, parent: 0),
            OrgUnit(code: "c", name: "社区", level: .community, parent: 1),
        ], spans: [.always, .always, UnitSpan(from: MonthNumber.of(year: 2023, month: 2), until: nil)])
        try await store.replaceUnits(tree.units, tree: tree)
        #expect(unitLines(try await store.units()) == ["51 市 city -", "s 街道 street 51", "c 社区 community s 2023-02–…"])
        func audit(_ n: Int) -> AdminAuditEntry { AdminAuditEntry(at: F.time(n), user: "admin", action: "a\(n)", target: "t", detail: "") }
        let new = StoredUnit(code: "d", name: "新社区", level: .community, parent: "s", from: "2023-07", until: nil)
        #expect(try await store.addUnit(new, audit: audit(1)))
        #expect(try await store.addUnit(new, audit: audit(2)) == false)
        try await store.changeUnit(StoredUnitChange(code: "c", from: "2023-08", name: "社区(新)", parent: nil), audit: audit(3))
        try await store.closeUnit(code: "d", until: "2023-09", audit: audit(4))
        try await store.applyUnits(adding: [StoredUnit(code: "e", name: "又一社区", level: .community, parent: "s", from: "2024-01", until: nil)],
                                   changing: [StoredUnitChange(code: "c", from: "2024-01", name: nil, parent: "s")],
                                   closing: ["c"], until: "2024-06", audit: audit(5))
        #expect(unitLines(try await store.units()) == [
            "51 市 city -", "s 街道 street 51", "c 社区 community s 2023-02–2024-06", "d 新社区 community s 2023-07–2023-09",
            "e 又一社区 community s 2024-01–…",
        ])
        #expect(try await store.unitChanges() == [
            StoredUnitChange(code: "c", from: "2023-08", name: "社区(新)", parent: nil),
            StoredUnitChange(code: "c", from: "2024-01", name: nil, parent: "s"),
        ])
        #expect(try await store.adminAudit().map(\.action) == ["a1", "a3", "a4", "a5"])
        // The tree they make: 社区 renamed from August, 新社区 only July to September.
        let stored = UnitTree.stored(try await store.units(), changes: try await store.unitChanges())
        #expect(stored.at(Period("2023-08")!)[2].name == "社区(新)" && stored.at(Period("2023-07")!)[2].name == "社区")
        #expect(stored.exists(3, in: Period("2023-09")!) && !stored.exists(3, in: Period("2023-10")!))
        // Replacing the units (a new seed) starts the history afresh.
        try await store.replaceUnits(tree.units, tree: tree)
        #expect(try await store.unitChanges().isEmpty)
    }
}
