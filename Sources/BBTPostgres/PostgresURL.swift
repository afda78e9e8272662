import Foundation
import PostgresNIO

/// `postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=…` as libpq reads it, for the settings the
/// service needs: user and password percent-decoded, port 5432 by default, `host=/folder` in the query
/// for a Unix socket (`…@/DATABASE?host=/run/postgresql`), `sslmode` disable, prefer (the
/// default), require (encrypted, the certificate not checked, as libpq) or verify-full, and `pool`:
/// the most connections one server opens (16 by default).
public struct PostgresURL: Sendable, Equatable {
    public enum TLSMode: String, Sendable { case disable, prefer, require, verifyFull = "verify-full" }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    /// A Unix-socket folder instead of `host`/`port`.
    public var socketFolder: String?
    public var database: String
    public var tls: TLSMode
    /// The most connections one server keeps open, when the URL says (`?pool=N`, 1 to 200).
    public var pool: Int?

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    public init(_ text: String) throws {
        guard let c = URLComponents(string: text), let scheme = c.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw Invalid(description: "数据库地址应为 postgres://用户:密码@主机:端口/数据库 (\(PostgresURL.redacted(text)))")
        }
        guard let user = c.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw Invalid(description: "数据库地址缺少用户名 (\(PostgresURL.redacted(text)))")
        }
        self.user = user
        password = c.percentEncodedPassword?.removingPercentEncoding
        let query = Dictionary((c.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        socketFolder = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        host = c.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        port = c.port ?? query["port"].flatMap(Int.init) ?? 5432
        let path = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        database = path.removingPercentEncoding ?? path
        guard !database.isEmpty else {
            throw Invalid(description: "数据库地址缺少数据库名 (\(PostgresURL.redacted(text)))")
        }
        guard let tls = TLSMode(rawValue: query["sslmode"] ?? "prefer") else {
            throw Invalid(description: "sslmode 只能是 disable、prefer、require 或 verify-full")
        }
        self.tls = tls
        if let text = query["pool"] {
            guard let n = Int(text), (1...200).contains(n) else { throw Invalid(description: "pool 应为 1 到 200 之间的整数") }
            pool = n
        }
    }

    /// The URL with its password hidden, for logs and error messages.
    public static func redacted(_ text: String) -> String {
        guard var c = URLComponents(string: text), c.password != nil else { return text }
        c.password = "***"
        return c.string ?? "postgres://…"
    }

    var clientTLS: PostgresClient.Configuration.TLS {
        switch tls {
        case .disable: return .disable
        case .prefer: return .prefer(Self.unverified)
        case .require: return .require(Self.unverified)
        case .verifyFull: return .require(.makeClientConfiguration())
        }
    }

    private static var unverified: TLSConfiguration {
        var c = TLSConfiguration.makeClientConfiguration()
        c.certificateVerification = .none
        return c
    }

    /// The pool's configuration: `connections` at most, as many as the server's requests use at once.
    func clientConfiguration(connections: Int) -> PostgresClient.Configuration {
        var c: PostgresClient.Configuration
        if let socketFolder {
            c = .init(unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            c = .init(host: host, port: port, username: user, password: password, database: database, tls: clientTLS)
        }
        c.options.maximumConnections = connections
        c.options.minimumConnections = 1
        c.options.connectTimeout = .seconds(10)
        return c
    }

    /// One connection outside the pool (migrations hold an advisory lock on it for their duration).
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        if let socketFolder {
            return .init(unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        }
        let tls: PostgresConnection.Configuration.TLS
        switch self.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try NIOSSLContext(configuration: Self.unverified))
        case .require: tls = .require(try NIOSSLContext(configuration: Self.unverified))
        case .verifyFull: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return .init(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }
}
