import CZlib
import Dispatch
import Foundation

/// Deflates one ZIP entry on every core while the caller goes on producing it: blocks are handed
/// over in order, compressed independently (`DeflateBlock`) on worker threads, and taken back in
/// order. The bytes depend only on where the caller cuts the blocks, never on timing. A few blocks
/// are in flight at most, so memory stays flat however large the entry.
final class ParallelDeflate: @unchecked Sendable {
    // `lock` guards `done`, `failure`; the rest is touched only by the caller's thread.
    private let level: Int32
    private let lock = NSLock()
    private let inFlight: DispatchSemaphore
    private let group = DispatchGroup()
    private var done: [Int: DeflateBlock.Result] = [:]
    private var failure: (any Error)?
    private var submitted = 0
    private var taken = 0
    private var previousTail: [UInt8] = []
    private(set) var crc: UInt32 = 0
    private(set) var inputSize = 0
    private(set) var outputSize = 0

    init(level: Int32) {
        self.level = level
        inFlight = DispatchSemaphore(value: ProcessInfo.processInfo.activeProcessorCount + 1)
    }

    /// Queues the next block; the previous block's last 32 KiB prime its dictionary.
    func submit(_ block: [UInt8], last: Bool) {
        let index = submitted
        submitted += 1
        let dictionary = previousTail
        // After a short block the window still reaches into the one before it.
        previousTail = block.count >= DeflateBlock.window ? Array(block.suffix(DeflateBlock.window))
            : Array((dictionary + block).suffix(DeflateBlock.window))
        inFlight.wait()
        let level = self.level
        DispatchQueue.global().async(group: group) {
            let result = Result { try DeflateBlock.compress(block, dictionary: dictionary, level: level, last: last) }
            self.lock.lock()
            switch result {
            case .success(let r): self.done[index] = r
            case .failure(let e): if self.failure == nil { self.failure = e }
            }
            self.lock.unlock()
            self.inFlight.signal()
        }
    }

    /// The compressed blocks finished so far, in order (stops at the first one still running).
    func take() throws -> [[UInt8]] {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        var out: [[UInt8]] = []
        while let r = done.removeValue(forKey: taken) {
            crc = taken == 0 ? r.crc : UInt32(crc32_combine(uLong(crc), uLong(r.crc), off_t(r.inputSize)))
            inputSize += r.inputSize
            outputSize += r.bytes.count
            out.append(r.bytes)
            taken += 1
        }
        return out
    }

    /// Waits for every submitted block.
    func drain() { group.wait() }
}
