import CZlib

/// One block of an entry, deflated on its own: primed with the 32 KiB of input before it as a
/// preset dictionary (so matches reach back across the cut, and the size barely changes), and
/// ended with a sync flush on a byte boundary, or with the final block. Blocks deflated this way
/// and joined in order are one valid raw deflate stream, as pigz makes them.
enum DeflateBlock {
    static let window = 1 << 15

    struct Result {
        let bytes: [UInt8]
        let crc: UInt32
        let inputSize: Int
    }

    static func compress(_ input: [UInt8], dictionary: [UInt8], level: Int32, last: Bool) throws -> Result {
        // zlib keeps the stream's address in its state and checks it on every call; `&local` is
        // only promised for the length of one call, so the stream lives on the heap.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        let rc = bbt_deflateInit2(stream, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY)
        guard rc == Z_OK else { throw XLSXError("zlib deflateInit2 失败 (\(rc))") }
        defer { deflateEnd(stream) }
        if !dictionary.isEmpty {
            let rc = dictionary.withUnsafeBufferPointer { d in
                deflateSetDictionary(stream, d.baseAddress, uInt(d.count))
            }
            guard rc == Z_OK else { throw XLSXError("zlib deflateSetDictionary 失败 (\(rc))") }
        }
        // deflateBound covers the worst case of one call; the sync marker and slack on top.
        let capacity = Int(deflateBound(stream, uLong(input.count))) + 64
        var output = [UInt8](repeating: 0, count: capacity)
        var produced = 0
        try input.withUnsafeBufferPointer { inp in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: inp.baseAddress)
            stream.pointee.avail_in = uInt(inp.count)
            let flush = last ? Z_FINISH : Z_SYNC_FLUSH
            while true {
                if produced == output.count { output.append(contentsOf: repeatElement(0, count: 1 << 12)) }
                let rc = output.withUnsafeMutableBufferPointer { out -> Int32 in
                    stream.pointee.next_out = out.baseAddress! + produced
                    stream.pointee.avail_out = uInt(out.count - produced)
                    let rc = deflate(stream, flush)
                    produced = out.count - Int(stream.pointee.avail_out)
                    return rc
                }
                guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                    throw XLSXError("zlib deflate 失败 (\(rc))")
                }
                if last ? rc == Z_STREAM_END : (stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0) { break }
            }
        }
        output.removeSubrange(produced...)
        let crc = input.withUnsafeBufferPointer { b in
            UInt32(crc32(0, b.baseAddress, uInt(b.count)))
        }
        return Result(bytes: output, crc: crc, inputSize: input.count)
    }
}
