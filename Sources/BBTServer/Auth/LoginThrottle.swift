import Foundation

/// Slows password guessing: after `limit` failed log-ins for one user name within `window`, further
/// attempts for it are refused (429) until the window has passed, even with the right password.
actor LoginThrottle {
    let limit: Int
    let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(limit: Int = 5, window: TimeInterval = 15 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Seconds until `username` may try again, or `nil` when it may try now.
    func retryAfter(_ username: String, now: Date) -> Int? {
        let recent = (failures[username] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[username] = recent.isEmpty ? nil : recent
        guard recent.count >= limit, let oldest = recent.first else { return nil }
        return max(1, Int((window - now.timeIntervalSince(oldest)).rounded(.up)))
    }

    func failed(_ username: String, now: Date) {
        failures[username, default: []].append(now)
        // Bounded memory under a flood of made-up names: forget the oldest entries first.
        if failures.count > 100_000, let some = failures.keys.first { failures[some] = nil }
    }

    func succeeded(_ username: String) { failures[username] = nil }
}
