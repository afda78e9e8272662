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
