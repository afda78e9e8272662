import BBTEngine
import BBTNumber
@testable import BBTSQLite
import BBTStore
import BBTTemplates
import BBTTestSupport
import Foundation
import GRDB
import Testing

/// What only a file-backed store has: a database file that outlives the process and is opened again.
@Suite struct SQLiteFileTests {
    typealias F = Fixture

    func newPath() throws -> String {
        try TestTools.temporaryDirectory("sqlite-file").appendingPathComponent("bbt.sqlite").path
    }

    /// Writes one of everything through a store that is closed again before returning.
    func fill(_ path: String) async throws {
        let store = try SQLiteStore(path: path)
        let tree = UnitTree(units: [
            OrgUnit(code: "51", name: "成都市", level: .city, parent: nil),
            OrgUnit(code: "510101001", name: "一社区", level: .community, parent: 0),
        ])
        try await store.replaceUnits(tree.units, tree: tree)
        try await store.upsertUser(UserRecord(username: "c001", passwordHash: "h", role: .filler, unit: "510101001"))
        try await store.createSession(token: "tok", username: "c001", expires: "2999-01-01T00:00:00Z")
        #expect(try await store.publishTemplates(files: ["a.bbt": "field pop \"常住人口\" int stock\n"], by: "admin", at: F.time(1)) == 1)
        #expect(try await store.save(change("510101001", from: 0, [("pop", F.june, .number(Number("12.50")!))], status: .submitted,
                                            at: F.time(2))) == .saved(version: 1))
    }

    @Test func aNewFileIsCreatedAndMigratedToAnEmptyStore() async throws {
        let path = try newPath()
        #expect(!FileManager.default.fileExists(atPath: path))
        let store = try SQLiteStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try await store.isEmpty())
    }

    @Test func reopeningADatabaseFileKeepsEverythingAndCarriesOn() async throws {
        let path = try newPath()
        try await fill(path)
        let store = try SQLiteStore(path: path)
        #expect(try await store.isEmpty() == false)
        #expect(try await unitLines(store.units()) == ["51 成都市 city -", "510101001 一社区 community 51"])
        #expect(try await store.user(named: "c001")?.unit == "510101001")
        #expect(try await store.sessionUser(token: "tok", now: F.time(0))?.username == "c001")
        #expect(try await store.latestTemplates()?.files == ["a.bbt": "field pop \"常住人口\" int stock\n"])
        #expect(try await valueLines(store.values(units: ["510101001"], periods: [F.june]))
                == ["510101001 pop@2023-06 = number:12.5"])
        #expect(try await store.formState(unit: "510101001", month: F.june)
                == FormState(status: .submitted, version: 1, submittedAt: F.time(2), updatedAt: F.time(2), updatedBy: "me", reason: nil))
        #expect(try await store.audit(unit: nil, month: nil).count == 2)
        // Numbering and versions go on from where they were.
        #expect(try await store.publishTemplates(files: [:], by: "admin", at: F.time(3)) == 2)
        #expect(try await store.save(change("510101001", from: 0, status: .approved, at: F.time(4))) == .conflict(current: 1))
        #expect(try await store.save(change("510101001", from: 1, status: .approved, at: F.time(4))) == .saved(version: 2))
        // And a third opening sees the second's writes.
        let again = try SQLiteStore(path: path)
        #expect(try await again.formState(unit: "510101001", month: F.june).version == 2)
        #expect(try await again.templateHistory().map(\.version) == [1, 2])
    }

    @Test func aZeroByteFileOpensAsANewDatabase() async throws {
        let path = try newPath()
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try SQLiteStore(path: path)
        #expect(try await store.isEmpty())
        #expect(try await store.save(change(from: 0, [("a", F.june, .number(1))])) == .saved(version: 1))
    }

    @Test func aFileThatIsNotADatabaseIsRefusedAndLeftAlone() throws {
        let path = try newPath()
        let text = String(repeating: "code,name,level,parent\n51,成都市,city,\n", count: 200)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) { _ = try SQLiteStore(path: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }
}

extension SQLiteFileTests {
    /// A database written before `form_values` was keyed by (unit, period, field) keeps every value
    /// through the migration, and saves and reads go on as before.
    @Test func valuesWrittenBeforeTheKeyChangeAreAllKept() async throws {
        let path = try newPath()
        let queue = try DatabaseQueue(path: path)
        try SQLiteMigrations.migrator.migrate(queue, upTo: "2026-11-30 several servers: failed log-ins kept in the database")
        try await queue.write { db in
            for (unit, field, period, text) in [("u", "pop", "2023-06", "12.5"), ("u", "hh", "2023-06", "4"), ("v", "pop", "2023-Q2", "7")] {
                try db.execute(sql: "INSERT INTO form_values (unit, field, period, kind, value) VALUES (?, ?, ?, 'number', ?)",
                               arguments: [unit, field, period, text])
            }
        }
        try queue.close()
        let store = try SQLiteStore(path: path)
        #expect(valueLines(try await store.values(units: ["u", "v"], periods: [F.june, F.q2])) == [
            "u hh@2023-06 = number:4", "u pop@2023-06 = number:12.5", "v pop@2023-Q2 = number:7",
        ])
        #expect(try await store.save(change("u", F.june, from: 0, [("pop", F.june, .number(13))])) == .saved(version: 1))
        #expect(valueLines(try await store.values(units: ["u"], periods: [F.june], fields: ["pop"])) == ["u pop@2023-06 = number:13"])
    }
}
