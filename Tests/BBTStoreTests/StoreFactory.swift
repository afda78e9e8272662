import BBTEngine
import BBTNumber
import BBTPostgres
import BBTSQLite
import BBTStore
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing
import Logging

/// How the conformance suite gets a store: a new, empty one (its migrations applied) on every call.
/// A new kind of store joins the suite by adding its factory to `all`.
struct StoreFactory: Sendable, CustomStringConvertible {
    let description: String
    let make: @Sendable () async throws -> any Store
}

extension StoreFactory {
    /// A new SQLite file in a folder of its own.
    static let sqlite = StoreFactory(description: "SQLite") {
        try SQLiteStore(path: TestTools.temporaryDirectory("store").appendingPathComponent("t.sqlite").path)
    }

    /// A new database on the test PostgreSQL server (`TestPostgres`), migrated by the store itself.
    static let postgres = StoreFactory(description: "PostgreSQL") {
        var logger = Logger(label: "test.postgres")
        logger.logLevel = .warning
        return try await PostgresStore.open(url: try TestPostgres.newDatabase("store"), connections: 4, logger: logger)
    }

    /// Every store the conformance suite runs against: PostgreSQL wherever a server is at hand
    /// (always in CI).
    static let all: [StoreFactory] = [.sqlite] + (TestPostgres.url == nil ? [] : [.postgres])
}

/// Periods and instants the store tests use. Instants are ISO-8601 UTC text, as the service writes
/// them, so that they compare as text.
enum Fixture {
    static let may = Period.month(2023, 5)
    static let june = Period.month(2023, 6)
    static let q2 = Period("2023-Q2")!
    static let h1 = Period("2023-H1")!
    static let year = Period("2023")!

    /// 2023-07-01 08:mm:00Z: later minutes are later instants.
    static func time(_ minute: Int) -> Instant {
        ("2023-07-01T08:00:00Z" as Instant).adding(seconds: 60 * minute)
    }
}

/// A save of `unit`'s form of `month`, as the service makes one.
func change(_ unit: String = "u", _ month: Period = Fixture.june, from version: Int,
            _ values: [(field: String, period: Period, value: Value?)] = [], status: FormStatus = .draft,
            by user: String = "me", at: Instant = Fixture.time(0), reason: String? = nil) -> FormSave {
    FormSave(unit: unit, month: month, expectedVersion: version, values: values, status: status, user: user, at: at,
             reason: reason)
}

/// `save` decided against what `store` holds now (its snapshot), as the service decides a save.
func decided(_ save: FormSave, on store: any Store) async throws -> FormWrite {
    let snapshot = try await store.formSnapshot(unit: save.unit, month: save.month, periods: Array(Set(save.values.map(\.period))),
                                                suppliedPeriods: Array(Set(save.corrections.map(\.period))))
    let (stored, corrected) = snapshot.lookup
    return try #require(FormWrite(save, current: snapshot.state, stored: stored, corrected: corrected))
}

/// A stored value as one line, its storage kind and text included, so that equal-looking values of
/// different kinds differ: `u pop@2023-06 = number:12.5`.
func valueLine(_ v: StoredValue) -> String {
    "\(v.unit) \(v.field)@\(v.period) = \(v.value.storage.kind):\(v.value.storage.text)"
}

/// Stored values as sorted lines: `values(units:periods:)` promises no order.
func valueLines(_ values: [StoredValue]) -> [String] { values.map(valueLine).sorted() }

/// An audit entry as one line: `2023-07-01T08:01:00Z me u 2023-06 value a@2023-06 ∅→12.5`; a status
/// change has no field: `… status -@- draft→submitted`.
func auditLine(_ e: AuditEntry) -> String {
    "\(e.at) \(e.user) \(e.unit) \(e.month) \(e.action) \(e.field ?? "-")@\(e.period?.description ?? "-") \(e.old ?? "∅")→\(e.new ?? "∅")"
}

/// Units as `code name level parent` lines, in the order the store gives them.
func unitLines(_ units: [StoredUnit]) -> [String] {
    units.map { u in
        "\(u.code) \(u.name) \(u.level.rawValue) \(u.parent ?? "-")" + (u.from == nil && u.until == nil ? "" : " \(u.from?.description ?? "…")–\(u.until?.description ?? "…")")
    }
}
