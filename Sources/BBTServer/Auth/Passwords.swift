import Foundation
import HummingbirdBcrypt

/// Passwords are kept only as bcrypt hashes (salted, slow); tokens are 256 random bits.
enum Passwords {
    /// Cost 10: about 50–100 ms a hash on this machine, slow for guessing, fast enough for a log-in.
    static let cost: UInt8 = 10

    static func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }

    static func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }

    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", generator.next() as UInt64) }.joined()
    }
}
