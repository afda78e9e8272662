import BBTEngine
import BBTStore
import Foundation

/// Log-in and sessions, for the API and the pages alike.
struct SessionService {
    let state: ServiceState
    /// A session lasts a working day.
    static let sessionSeconds: TimeInterval = 12 * 3600

    /// Checks a password against its hash, with the throttle: 429 after too many failures.
    func authenticate(_ username: String, _ password: String) async throws -> UserRecord {
        let now = state.clock.now()
        let throttle = try await state.loginThrottle.check(username, now: now)
        if let wait = throttle.retryAfter {
            throw APIError(.tooManyRequests, "too_many_attempts", "登录失败次数过多, 请 \(wait / 60 + 1) 分钟后再试")
        }
        guard let user = try await state.store.user(named: username), Passwords.verify(password, hash: user.passwordHash) else {
            try await state.loginThrottle.failed(username, now: now)
            throw APIError(.unauthorized, "unauthorized", "用户名或密码错误")
        }
        // A log-in is a read; it writes only to forget failures there were.
        if throttle.failures > 0 { try await state.loginThrottle.succeeded(username) }
        guard !user.disabled else { throw APIError(.unauthorized, "disabled", "账号已停用, 请联系管理员") }
        return user
    }

    /// A log-in: the user and the token of a new session lasting `sessionSeconds` by the service's clock.
    func logIn(_ username: String, _ password: String) async throws -> (user: UserRecord, token: String) {
        let user = try await authenticate(username, password)
        let token = Passwords.token()
        try await state.store.createSession(token: token, username: user.username,
                                            expires: state.clock.instant(after: SessionService.sessionSeconds))
        return (user, token)
    }

    func logOut(token: String?) async throws {
        if let token { try await state.store.deleteSession(token: token) }
    }
}
