import BBTPostgres
import BBTStore
import Foundation
import Logging

/// `--read-db`: a hot standby (PostgreSQL streaming replication) that reports, drill-downs, the
/// catalogue and the status pages read from, while everything a user changes, and a user's own
/// form, goes to the primary. Every second (`StoreWatcher`) it compares the WAL the standby has
/// replayed with the primary's position at the previous check: caught up means the standby is at
/// most a check behind; each check it is not adds a second of lag, and past `maxLag` (or when the
/// standby does not answer) reads go to the primary until it has caught up again. A read that fails
/// on the standby is read again from the primary, so a standby that stops costs no request.
public final class ReadReplica: @unchecked Sendable {
    let primary: PostgresStore
    let standby: PostgresStore
    let logger: Logger
    let maxLag: Int

    private struct Health {
        var usable = true
        /// The primary's WAL position at the last check, which the standby must reach by the next.
        var target: UInt64?
        /// Consecutive checks at which the standby had not reached the previous target.
        var behind = 0
    }
    private let lock = NSLock()
    private var _health = Health()
    private func withHealth<R>(_ body: (inout Health) -> R) -> R { lock.withLock { body(&_health) } }

    init(primary: PostgresStore, standby: PostgresStore, logger: Logger, maxLagSeconds: Int = 10) {
        self.primary = primary
        self.standby = standby
        self.logger = logger
        self.maxLag = maxLagSeconds
    }

    /// Whether reads go to the standby now.
    public var usingStandby: Bool { withHealth { $0.usable } }

    /// Seconds the standby is known to be behind (0 when it caught up at the last check).
    public var lagSeconds: Int { withHealth { $0.behind } }

    /// One check (every second, from the store watcher); a standby that takes over two seconds to
    /// answer is as good as stopped.
    public func check() async {
        let replayed: UInt64?
        do {
            let standby = self.standby
            replayed = try await ReadReplica.within(seconds: 2) { try await standby.replayPosition() }
        } catch {
            setUsable(false, because: "备库无应答: \(error)")
            return
        }
        guard let replayed else {
            setUsable(false, because: "备库已不在恢复状态 (被提升为主库?)")
            return
        }
        let target = withHealth { $0.target }
        let behind = withHealth { h -> Int in
            if let t = target, replayed < t { h.behind += 1 } else { h.behind = 0 }
            return h.behind
        }
        setUsable(behind <= maxLag, because: "备库落后 \(behind) 秒以上")
        if let now = try? await primary.walPosition() { withHealth { $0.target = now } }
    }

    /// `body` on the standby when it is usable, else on the primary; and on the primary again when
    /// it fails on the standby, or when the checks find the standby gone while it waits (a stopped
    /// server's connections are retried for a minute, which no report should wait for).
    func read<R: Sendable>(_ body: @Sendable @escaping (any Store) async throws -> R) async throws -> R {
        guard usingStandby else { return try await body(primary) }
        do {
            let standby = self.standby
            return try await withThrowingTaskGroup(of: R?.self) { group in
                group.addTask { try await body(standby) }
                group.addTask {
                    while !Task.isCancelled && self.usingStandby { try await Task.sleep(for: .milliseconds(100)) }
                    throw StandbyGone()
                }
                defer { group.cancelAll() }
                while let next = try await group.next() {
                    if let result = next { return result }
                }
                throw StandbyGone()
            }
        } catch {
            setUsable(false, because: "备库读取失败: \(error)")
            return try await body(primary)
        }
    }

    struct StandbyGone: Error, CustomStringConvertible {
        var description: String { "备库没有及时应答" }
    }

    /// `body`, or `StandbyGone` after `seconds`.
    static func within<R: Sendable>(seconds: Int, _ body: @Sendable @escaping () async throws -> R) async throws -> R {
        try await withThrowingTaskGroup(of: R.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw StandbyGone()
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw StandbyGone() }
            return first
        }
    }

    private func setUsable(_ usable: Bool, because reason: String) {
        let changed = withHealth { h -> Bool in
            defer { h.usable = usable }
            return h.usable != usable
        }
        guard changed else { return }
        if usable { logger.info("read-db: the standby has caught up; reports read from it again") }
        else { logger.warning("read-db: reports read from the primary (\(reason))") }
    }
}
