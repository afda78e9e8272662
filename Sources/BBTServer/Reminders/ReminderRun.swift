import BBTEngine
import BBTStore

/// `bbt remind`: the day's automatic reminders, stored and sent once (the first delivery attempt
/// now; retries are the running service's).
public struct ReminderRun: Sendable {
    public struct Line: Sendable {
        public let unit: String
        public let unitName: String
        public let month: Period
        /// `before` or `overdue`.
        public let kind: String
        public let due: String?
        public let message: String
        /// `false`: sent before (or a dry run).
        public let stored: Bool
        /// The unit whose webhook carries it, if any.
        public let webhookUnit: String?
        /// The first attempt's outcome (`HTTP 200`, `连接失败: …`), when one was made.
        public let outcome: String?
    }

    public let lines: [Line]

    public static func run(_ state: ServiceState, on day: LocalDate, dryRun: Bool) async throws -> ReminderRun {
        let planned = try await ReminderService(state: state).automatic(on: day, dryRun: dryRun)
        var outcomes: [Int: String] = [:]
        if !dryRun, planned.contains(where: { $0.stored && $0.webhook != nil }) {
            for d in await state.deliverer.deliverDue() { outcomes[d.notice] = d.attempts.last?.outcome }
        }
        return ReminderRun(lines: planned.map { p in
            Line(unit: p.notice.unit, unitName: p.unitName, month: p.notice.month, kind: p.notice.kind.rawValue, due: p.notice.due,
                 message: p.notice.message, stored: p.stored, webhookUnit: p.webhook?.unit, outcome: p.stored ? outcomes[p.notice.id] : nil)
        })
    }
}
