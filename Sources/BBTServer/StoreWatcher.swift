import Logging
import ServiceLifecycle

/// Runs beside the HTTP server: every second it asks the store whether another server sharing it
/// published templates or changed units (`ServiceState.catchUp`), so that a publish on one server is
/// served by all within about a second. Sessions, saves and log-in failures need no watching: every
/// server reads them from the store on each request.
struct StoreWatcher: Service {
    let state: ServiceState
    let logger: Logger
    var interval: Duration = .seconds(1)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var failing = false
            while !Task.isCancelled {
                do {
                    try await state.catchUp()
                    await state.replica?.check()
                    if failing { logger.info("store watcher: the store answers again") }
                    failing = false
                } catch {
                    // A database restart must not stop the server: log once, keep asking.
                    if !failing { logger.warning("store watcher: \(error)") }
                    failing = true
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
