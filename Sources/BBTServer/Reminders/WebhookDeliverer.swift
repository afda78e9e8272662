import AsyncHTTPClient
import BBTStore
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Posts 催报 to the webhooks: each pending delivery is claimed from the store (so that one server
/// sends it), posted with a timeout, and its attempt recorded; a failure is tried again after the
/// next of `retryDelays`, and given up after the last. Nothing here runs inside a request: the
/// request stores the deliveries and `kick()`s, so a dead webhook never slows the click.
public final class WebhookDeliverer: Sendable {
    let store: any Store
    let logger: Logger
    /// Seconds to wait before each retry: four retries over about an hour and a quarter.
    let retryDelays: [Int]
    let timeout: Int64

    public init(store: any Store, logger: Logger, retryDelays: [Int] = [30, 120, 600, 3600], timeoutSeconds: Int64 = 10) {
        self.store = store
        self.logger = logger
        self.retryDelays = retryDelays
        self.timeout = timeoutSeconds
    }

    /// Sends what is due now, in the background.
    func kick() {
        Task { _ = await self.deliverDue() }
    }

    /// Sends every delivery due now (wall-clock time: retries wait real seconds, whatever day the
    /// service's clock says it is) and returns them as recorded.
    @discardableResult
    public func deliverDue() async -> [DeliveryRecord] {
        let now = Int(Date().timeIntervalSince1970)
        let claimed: [DeliveryRecord]
        do {
            claimed = try await store.claimDeliveries(now: now, lease: Int(timeout) + 30, limit: 50)
        } catch {
            logger.warning("webhooks: cannot read pending deliveries: \(error)")
            return []
        }
        return await withTaskGroup(of: DeliveryRecord.self) { group in
            for d in claimed { group.addTask { await self.attempt(d) } }
            var done: [DeliveryRecord] = []
            for await d in group { done.append(d) }
            return done.sorted { $0.id < $1.id }
        }
    }

    private func attempt(_ delivery: DeliveryRecord) async -> DeliveryRecord {
        var d = delivery
        let (ok, outcome) = await post(d.payload, to: d.url, kind: d.kind)
        let at = Int(Date().timeIntervalSince1970)
        d.attempts.append(DeliveryAttempt(at: at, ok: ok, outcome: outcome))
        if ok {
            d.status = .sent
            d.nextAt = nil
        } else if d.attempts.count <= retryDelays.count {
            d.nextAt = at + retryDelays[d.attempts.count - 1]
        } else {
            d.status = .failed
            d.nextAt = nil
            logger.warning("webhook \(d.url): given up after \(d.attempts.count) attempts (\(outcome))")
        }
        do {
            try await store.recordDelivery(d)
        } catch {
            // Left claimed: the lease runs out and the delivery is tried again.
            logger.warning("webhooks: cannot record delivery \(d.id): \(error)")
        }
        return d
    }

    /// One POST. 企业微信 and 钉钉 answer HTTP 200 with `errcode` ≠ 0 when they refuse a message.
    private func post(_ payload: String, to url: String, kind: WebhookKind) async -> (Bool, String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.body = .bytes(ByteBuffer(string: payload))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeout))
            let body = try await response.body.collect(upTo: 64 * 1024)
            let code = Int(response.status.code)
            guard (200..<300).contains(code) else { return (false, "HTTP \(code)") }
            if kind != .json, let answer = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
               let errcode = answer["errcode"] as? Int, errcode != 0 {
                return (false, "errcode \(errcode): \(answer["errmsg"] as? String ?? "")")
            }
            return (true, "HTTP \(code)")
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return (false, "超时 (\(timeout) 秒)")
        } catch {
            return (false, "连接失败: \(error)")
        }
    }
}
