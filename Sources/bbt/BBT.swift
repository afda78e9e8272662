import ArgumentParser
import Foundation

/// `bbt`: check templates, show the one form, render reports, serve.
struct BBT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bbt",
        abstract: "报表通 (BaoBiaoTong): one form a month, every report derived.",
        subcommands: [Check.self, Form.self, Render.self, Serve.self, ImportReport.self, Backup.self, Remind.self, Bench.self]
    )
}

@main
enum Main {
    /// Exit codes are part of the contract: 0 clean, 1 problems in the input, 2 usage. The argument
    /// parser's own default for usage errors (64) is mapped to 2 here. Commands run on the main
    /// thread, whose stack is far larger than a concurrency pool thread's.
    static func main() {
        do {
            var command = try BBT.parseAsRoot()
            try command.run()
            Console.flush()
            exit(0)
        } catch {
            Console.flush()
            let code = BBT.exitCode(for: error)
            if code == .success {
                print(BBT.fullMessage(for: error))
                exit(0)
            }
            if let own = error as? ExitCode { exit(own.rawValue) }
            if let usage = error as? UsageError {
                Console.error("bbt: \(usage.message)")
                exit(2)
            }
            Console.error(BBT.fullMessage(for: error))
            exit(2)
        }
    }
}
