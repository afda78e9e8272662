import BBTEngine
import BBTStore
import Foundation

/// Slows password guessing: after `limit` failed log-ins for one user name within `window`, further
/// attempts for it are refused (429) until the window has passed, even with the right password.
/// The failures are kept in the store, so that several servers behind one address count them together.
struct LoginThrottle: Sendable {
    let store: any Store
    var limit = 5
    var window: TimeInterval = 15 * 60

    /// Seconds until `username` may try again (`nil`: it may try now), and whether it has failed
    /// within the window at all (only then does a success have failures to forget).
    func check(_ username: String, now: Date) async throws -> (retryAfter: Int?, failures: Int) {
        // Instants are whole seconds: "within the window" is from one second after its start.
        let recent = try await store.loginFailures(username: username, since: Instant(now.addingTimeInterval(1 - window)))
        guard recent.count >= limit, let oldest = recent.first?.date else { return (nil, recent.count) }
        return (max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up))), recent.count)
    }

    func failed(_ username: String, now: Date) async throws {
        try await store.recordLoginFailure(username: username, at: Instant(now),
                                           forgetBefore: Instant(now.addingTimeInterval(-window)))
    }

    func succeeded(_ username: String) async throws { try await store.clearLoginFailures(username: username) }
}
