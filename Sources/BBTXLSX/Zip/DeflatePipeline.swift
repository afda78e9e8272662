import Dispatch
import Foundation

/// Deflates an entry on a second core while the caller goes on producing XML: buffers are handed
/// over in order to a serial queue that owns the zlib stream, and the compressed bytes come back to
/// the caller, who alone writes to the sink. At most two buffers are in flight, so memory stays flat.
/// The output is the same bytes as compressing in line: one stream, the same buffers, the same order.
final class DeflatePipeline: @unchecked Sendable {
    // The deflater is touched only on `queue`; the lock guards `ready` and `failure`.
    private let deflater: Deflater
    private let queue = DispatchQueue(label: "bbt.deflate")
    private let inFlight = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var ready: [[UInt8]] = []
    private var failure: (any Error)?

    init(level: Int32) throws {
        deflater = try Deflater(level: level)
    }

    func submit(_ buffer: [UInt8], finish: Bool) {
        inFlight.wait()
        queue.async {
            var out: [[UInt8]] = []
            var error: (any Error)?
            do {
                try buffer.withUnsafeBytes { raw in
                    try self.deflater.compress(raw, finish: finish) { chunk in out.append(Array(chunk)) }
                }
            } catch let e {
                error = e
            }
            self.lock.lock()
            self.ready.append(contentsOf: out)
            if let error, self.failure == nil { self.failure = error }
            self.lock.unlock()
            self.inFlight.signal()
        }
    }

    /// The compressed bytes produced so far, in order.
    func take() throws -> [[UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        let out = ready
        ready = []
        return out
    }

    /// Waits until every submitted buffer is compressed.
    func drain() { queue.sync {} }

    /// After `drain()`.
    var crc: UInt32 { queue.sync { deflater.crc } }
    var inputSize: Int { queue.sync { deflater.inputSize } }
    var outputSize: Int { queue.sync { deflater.outputSize } }
}
