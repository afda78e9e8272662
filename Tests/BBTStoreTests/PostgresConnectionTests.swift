@testable import BBTPostgres
import BBTStore
import BBTTestSupport
import Foundation
import Logging
import Testing

/// What only the PostgreSQL store has: a URL, password authentication, migrations shared by servers.
@Suite struct PostgresConnectionTests {
    static var quiet: Logger {
        var l = Logger(label: "test.postgres")
        l.logLevel = .critical
        return l
    }

    @Test func urlsAreReadAsLibpqReadsThem() throws {
        let u = try PostgresURL("postgres://bbt:p%40ss%3Aword@db.example.gov.cn:54321/bao%20biao?sslmode=require")
        #expect(u.user == "bbt" && u.password == "p@ss:word" && u.host == "db.example.gov.cn" && u.port == 54321)
        #expect(u.database == "bao biao" && u.tls == .require && u.socketFolder == nil)
        let d = try PostgresURL("postgresql://bbt@localhost/bbt")
        #expect(d.port == 5432 && d.password == nil && d.tls == .prefer)
        let socket = try PostgresURL("postgres://bbt:x@/bbt?host=/run/postgresql")
        #expect(socket.socketFolder == "/run/postgresql" && socket.pool == nil)
        #expect(try PostgresURL("postgres://a:b@h/db?pool=4").pool == 4)
        for bad in ["mysql://a:b@h/db", "postgres://h:5432/db", "postgres://a:b@h:5432/", "postgres://a:b@h/db?sslmode=maybe",
                    "postgres://a:b@h/db?pool=0", "postgres://a:b@h/db?pool=many"] {
            #expect(throws: PostgresURL.Invalid.self, "\(bad)") { try PostgresURL(bad) }
        }
        #expect(PostgresURL.redacted("postgres://bbt:SECRET@h/db") == "postgres://bbt:***@h/db")
    }

    /// openGauss and 瀚高 need md5 for postgres-nio: a role with an md5 password works like SCRAM's.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["BBT_TEST_POSTGRES_MD5"] != nil, "needs BBT_TEST_POSTGRES_MD5 (scripts/test sets it)"))
    func anMd5RoleWorksLikeAScramOne() async throws {
        let admin = try #require(ProcessInfo.processInfo.environment["BBT_TEST_POSTGRES_MD5"])
        let name = "md5_\(UUID().uuidString.prefix(8).lowercased())"
        try TestPostgres.psql(admin, "CREATE DATABASE \(name)")
        var c = try #require(URLComponents(string: admin))
        c.path = "/" + name
        let store = try await PostgresStore.open(url: c.string!, connections: 2, logger: PostgresConnectionTests.quiet)
        #expect(try await store.isEmpty())
        #expect(try await store.publishTemplates(files: ["a.bbt": "field pop \"常住人口\" int stock\n"], by: "admin", at: "2023-07-01T08:00:00Z") == 1)
        #expect(try await store.latestTemplates()?.files["a.bbt"] != nil)
    }

    @Test(.enabled(if: TestPostgres.url != nil))
    func aWrongPasswordOrDatabaseIsSaidAtOnce() async throws {
        let wrong = try #require(TestPostgres.url(database: "bbt", user: "bbt", password: "wrong"))
        await #expect(throws: PostgresStore.StoreError.self) {
            _ = try await PostgresStore.open(url: wrong, logger: PostgresConnectionTests.quiet)
        }
        do {
            _ = try await PostgresStore.open(url: TestPostgres.url(database: "no_such_database")!, logger: PostgresConnectionTests.quiet)
            Issue.record("opened a database that does not exist")
        } catch let e as PostgresStore.StoreError {
            #expect(e.description.contains("no_such_database"), "\(e.description)")
            #expect(!e.description.contains(":bbt@"), "the password is not shown: \(e.description)")
        }
    }

    /// Servers starting together on a new database: every one opens it, the migrations ran once.
    @Test(.enabled(if: TestPostgres.url != nil))
    func serversStartingTogetherMigrateOnce() async throws {
        let url = try TestPostgres.newDatabase("together")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask { _ = try await PostgresStore.open(url: url, connections: 1, logger: PostgresConnectionTests.quiet) }
            }
            try await group.waitForAll()
        }
        #expect(try TestPostgres.psql(url, "SELECT COUNT(*) FROM bbt_migrations") == "\(PostgresMigrations.all.count)")
    }
}
