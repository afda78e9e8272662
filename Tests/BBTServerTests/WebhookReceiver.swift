import Foundation
import Hummingbird
import NIOCore

/// A local HTTP server standing in for 企业微信/钉钉 robots and a city's platform: it keeps every
/// body posted to it, answers `/ok` with `{"errcode":0}`, `/refuse` with `{"errcode":93000}`,
/// `/flaky` with 500 twice and then 200, and `/slow` after 30 seconds.
final class WebhookReceiver: @unchecked Sendable {
    private let lock = NSLock()
    private var received: [(path: String, body: [String: Any])] = []
    private var flakyCalls = 0
    private var task: Task<Void, any Error>?
    private(set) var port = 0

    func bodies(_ path: String) -> [[String: Any]] { lock.withLock { received.filter { $0.path == path }.map(\.body) } }

    private func keep(_ path: String, _ data: ByteBuffer) {
        let body = (try? JSONSerialization.jsonObject(with: Data(buffer: data))) as? [String: Any] ?? [:]
        lock.withLock { received.append((path, body)) }
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    static func start() async throws -> WebhookReceiver {
        let receiver = WebhookReceiver()
        let router = Router()
        router.post("/ok") { request, _ -> Response in
            receiver.keep("/ok", try await request.body.collect(upTo: 1 << 20))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"errcode":0,"errmsg":"ok"}"#)))
        }
        router.post("/json") { request, _ -> Response in
            receiver.keep("/json", try await request.body.collect(upTo: 1 << 20))
            return Response(status: .noContent)
        }
        router.post("/refuse") { request, _ -> Response in
            receiver.keep("/refuse", try await request.body.collect(upTo: 1 << 20))
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"errcode":93000,"errmsg":"invalid webhook url"}"#)))
        }
        router.post("/flaky") { request, _ -> Response in
            receiver.keep("/flaky", try await request.body.collect(upTo: 1 << 20))
            let n = receiver.lock.withLock { receiver.flakyCalls += 1; return receiver.flakyCalls }
            return Response(status: n <= 2 ? .internalServerError : .ok)
        }
        router.post("/slow") { _, _ -> Response in
            try await Task.sleep(for: .seconds(30))
            return Response(status: .ok)
        }
        let started = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in started.continuation.yield(channel.localAddress?.port ?? 0) })
        receiver.task = Task { try await app.runService() }
        for await port in started.stream {
            receiver.port = port
            break
        }
        return receiver
    }

    func stop() {
        task?.cancel()
    }
}
