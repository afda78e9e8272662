import CZlib

/// Raw deflate (no zlib header, as ZIP wants it) with a running CRC-32 of the input. zlib's errors
/// become Swift errors right at the call.
final class Deflater {
    private let stream: UnsafeMutablePointer<z_stream>
    private var output: [UInt8]
    private(set) var crc: UInt32 = 0
    private(set) var inputSize = 0
    private(set) var outputSize = 0
    private var finished = false

    init(level: Int32) throws {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = [UInt8](repeating: 0, count: 1 << 16)
        let rc = bbt_deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY)
        guard rc == Z_OK else {
            stream.deallocate()
            throw XLSXError("zlib deflateInit2 失败 (\(rc))")
        }
    }

    deinit {
        if !finished { deflateEnd(stream) }
        stream.deallocate()
    }

    /// Compresses `input`, passing compressed bytes to `emit` as they come.
    func compress(_ input: UnsafeRawBufferPointer, finish: Bool,
                  _ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        if input.count > 0 {
            crc = UInt32(crc32(uLong(crc), input.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(input.count)))
            inputSize += input.count
        }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(input.count)
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        while true {
            let (rc, produced) = output.withUnsafeMutableBytes { out -> (Int32, Int) in
                stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(out.count)
                let rc = deflate(stream, flush)
                return (rc, out.count - Int(stream.pointee.avail_out))
            }
            guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                throw XLSXError("zlib deflate 失败 (\(rc))")
            }
            if produced > 0 {
                outputSize += produced
                try output.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
                    try emit(UnsafeRawBufferPointer(rebasing: raw[0..<produced]))
                }
            }
            if finish {
                if rc == Z_STREAM_END {
                    deflateEnd(stream)
                    finished = true
                    return
                }
            } else if stream.pointee.avail_in == 0 && produced < output.count {
                return
            }
        }
    }
}
