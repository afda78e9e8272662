import BBTEngine
import Foundation
import Logging
import ServiceLifecycle

/// Runs beside the HTTP server: every few seconds it sends the webhook deliveries that are due
/// (new ones and retries, this server's or another's that stopped), and once an hour the day's
/// automatic reminders (`ReminderService.automatic`): several servers on one database send each
/// reminder once, because the store keeps one notice per unit, month and kind.
struct ReminderRunner: Service {
    let state: ServiceState
    let logger: Logger
    var deliveryInterval: Duration = .seconds(5)
    var reminderInterval: Duration = .seconds(3600)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        await state.deliverer.deliverDue()
                        try? await Task.sleep(for: deliveryInterval)
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        let today = Timestamp.day(state.clock.now(), offsetSeconds: Timestamp.china)
                        do {
                            let sent = try await ReminderService(state: state).automatic(on: today, dryRun: false).filter(\.stored)
                            if !sent.isEmpty {
                                logger.info("reminders: \(sent.count) sent for \(today)")
                                state.deliverer.kick()
                            }
                        } catch {
                            logger.warning("reminders: \(error)")
                        }
                        try? await Task.sleep(for: reminderInterval)
                    }
                }
            }
        }
    }
}
