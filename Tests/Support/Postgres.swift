import Foundation

/// The PostgreSQL server the tests run the PostgreSQL store on: `BBT_TEST_POSTGRES`, the URL of a
/// role that may create databases (`.ci/run` and `scripts/test` start a throwaway cluster and set
/// it); without it, `swift test` tests the SQLite store only and says so.
public enum TestPostgres {
    public static let url: String? = {
        let url = ProcessInfo.processInfo.environment["BBT_TEST_POSTGRES"] ?? ""
        if url.isEmpty || url == "off" {
            FileHandle.standardError.write(Data("note: BBT_TEST_POSTGRES is not set; the PostgreSQL store is not tested in this run (scripts/test sets it)\n".utf8))
            return nil
        }
        return url
    }()

    /// `url` with another database (and optionally another role and password).
    public static func url(database: String, user: String? = nil, password: String? = nil) -> String? {
        guard let url, var c = URLComponents(string: url) else { return nil }
        c.path = "/" + database
        if let user { c.user = user }
        if let password { c.password = password }
        return c.string
    }

    /// A new, empty database on the test server; its URL.
    public static func newDatabase(_ prefix: String = "t") throws -> String {
        guard let url else { throw Unavailable() }
        let name = "\(prefix)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))"
        try psql(url, "CREATE DATABASE \(name)")
        return Self.url(database: name)!
    }

    /// Runs SQL with psql as the URL's role.
    @discardableResult
    public static func psql(_ url: String, _ sql: String) throws -> String {
        let out = try TestTools.run("/usr/bin/env", ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, "-c", sql])
        guard out.status == 0 else { throw Failed(description: "psql: \(out.stderr)") }
        return out.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public struct Unavailable: Error {}
    public struct Failed: Error, CustomStringConvertible { public let description: String }
}
