import Dispatch
import ArgumentParser
import Foundation

/// Standard output goes through `print` (buffered by the C library); errors go straight to stderr.
enum Console {
    /// `fflush(nil)` flushes every C stream without touching the `stdout` global, which Swift 6
    /// treats as shared mutable state.
    static func flush() { fflush(nil) }

    static func error(_ line: String) {
        flush()
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// A problem with how the command was called (a missing folder, a bad month); `Main` prints it
    /// as one line on stderr and exits with code 2.
    static func usage(_ message: String) -> UsageError { UsageError(message: message) }
}

struct UsageError: Error {
    let message: String
}

extension Console {
    /// Runs async work from a command's `run()`: the command's main thread waits for it (BBT.swift
    /// says why commands start there); a failure is one line on stderr, `command: message`, and
    /// exit code 1.
    static func block(_ command: String, _ body: @Sendable @escaping () async throws -> Void) throws {
        let done = DispatchSemaphore(value: 0)
        let failure = FailureBox()
        Task {
            do { try await body() } catch { failure.set("\(error)") }
            done.signal()
        }
        done.wait()
        if let message = failure.message {
            Console.error("\(command): \(message)")
            throw ExitCode(1)
        }
    }
}

final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _message: String?
    func set(_ m: String) { lock.lock(); _message = m; lock.unlock() }
    var message: String? { lock.lock(); defer { lock.unlock() }; return _message }
}
