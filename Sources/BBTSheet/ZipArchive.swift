import CZlib

/// A ZIP archive read from memory: the central directory, then entries inflated on demand with zlib,
/// their CRC-32 checked. Nothing a header claims is trusted: sizes and offsets are checked against
/// the archive, and what an entry inflates to is bounded by our own limit, not by its header (a zip
/// bomb stops at the limit with a clear error).
public struct ZipArchive: Sendable {
    public struct Entry: Sendable {
        public let name: String
        let method: Int
        let crc: UInt32
        let compressedSize: Int
        let size: Int
        let localHeader: Int
    }

    public struct Limits: Sendable {
        public var entries = 10_000
        /// Bytes one entry may inflate to.
        public var entryBytes = 64 << 20
        /// How many times bigger than its compressed bytes an entry may inflate (XML deflates to
        /// a tenth or so, rows of empty styled cells to a few hundredths; a bomb to a thousandth).
        public var ratio = 500
        public init() {}
    }

    public let bytes: [UInt8]
    public let entries: [Entry]
    let limits: Limits

    public init(_ bytes: [UInt8], limits: Limits = Limits()) throws {
        self.bytes = bytes
        self.limits = limits
        func u16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
        // The end record is the last 22 bytes, unless a comment (at most 65,535 bytes) follows it.
        guard bytes.count >= 22 else { throw SheetError("不是 XLSX 文件 (文件太短, 不是 ZIP 压缩包)") }
        var end = bytes.count - 22
        while end >= 0, u32(end) != 0x0605_4B50 || end + 22 + u16(end + 20) != bytes.count {
            end -= 1
            if bytes.count - end > 22 + 65_535 { end = -1 }
        }
        guard end >= 0 else { throw SheetError("不是 XLSX 文件 (找不到 ZIP 目录)") }
        let count = u16(end + 10), directorySize = u32(end + 12)
        var p = u32(end + 16)
        guard count <= limits.entries else { throw SheetError("ZIP 中的文件太多 (\(count) 个)") }
        guard p + directorySize <= end else { throw SheetError("ZIP 目录损坏 (越出文件)") }
        var entries: [Entry] = []
        for _ in 0..<count {
            guard p + 46 <= end, u32(p) == 0x0201_4B50 else { throw SheetError("ZIP 目录损坏") }
            let nameLength = u16(p + 28), extra = u16(p + 30), comment = u16(p + 32)
            guard p + 46 + nameLength <= end else { throw SheetError("ZIP 目录损坏 (文件名越界)") }
            let entry = Entry(name: String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self),
                              method: u16(p + 10), crc: UInt32(u32(p + 16)), compressedSize: u32(p + 20),
                              size: u32(p + 24), localHeader: u32(p + 42))
            guard entry.method == 0 || entry.method == 8 else {
                throw SheetError("ZIP 中的 \(entry.name) 用了不支持的压缩方法 \(entry.method)")
            }
            entries.append(entry)
            p += 46 + nameLength + extra + comment
        }
        self.entries = entries
    }

    public func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// The entry's bytes, inflated and checked.
    public func data(_ entry: Entry) throws -> [UInt8] {
        func u16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
        let local = entry.localHeader
        guard local + 30 <= bytes.count, u32(local) == 0x0403_4B50 else { throw SheetError("ZIP 中 \(entry.name) 的文件头损坏") }
        let start = local + 30 + u16(local + 26) + u16(local + 28)
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw SheetError("ZIP 中 \(entry.name) 越出文件 (文件不完整?)")
        }
        let compressed = bytes[start..<(start + entry.compressedSize)]
        let limit = Swift.min(limits.entryBytes, Swift.max(1 << 20, entry.compressedSize.multipliedReportingOverflow(by: limits.ratio).partialValue))
        let data: [UInt8]
        if entry.method == 0 {
            guard entry.compressedSize <= limits.entryBytes else { throw SheetError("ZIP 中 \(entry.name) 太大") }
            data = Array(compressed)
        } else {
            data = try ZipArchive.inflate(compressed, limit: limit, name: entry.name)
        }
        let crc = data.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
        guard crc == entry.crc else { throw SheetError("ZIP 中 \(entry.name) 的校验和不对 (文件损坏)") }
        return data
    }

    public func data(_ name: String) throws -> [UInt8]? { try entry(name).map(data) }

    /// Raw deflate, stopped with an error at `limit` bytes of output.
    public static func inflate(_ input: ArraySlice<UInt8>, limit: Int, name: String) throws -> [UInt8] {
        // On the heap: zlib keeps the stream's address and checks it on every call.
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard bbt_inflateInit2(stream, -15) == Z_OK else { throw SheetError("zlib 初始化失败") }
        defer { inflateEnd(stream) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var input = Array(input)
        var rc: Int32 = Z_OK
        try input.withUnsafeMutableBufferPointer { i in
            stream.pointee.next_in = i.baseAddress
            stream.pointee.avail_in = uInt(i.count)
            repeat {
                let produced: Int = chunk.withUnsafeMutableBufferPointer { o in
                    stream.pointee.next_out = o.baseAddress
                    stream.pointee.avail_out = uInt(o.count)
                    rc = CZlib.inflate(stream, Z_NO_FLUSH)
                    return o.count - Int(stream.pointee.avail_out)
                }
                guard rc == Z_OK || rc == Z_STREAM_END || (rc == Z_BUF_ERROR && produced > 0) else {
                    throw SheetError("ZIP 中 \(name) 解压失败 (数据损坏)")
                }
                guard out.count + produced <= limit else {
                    throw SheetError("ZIP 中 \(name) 解压后超过 \(limit >> 20) MB, 不像正常的报表 (可能是压缩炸弹)")
                }
                out.append(contentsOf: chunk[0..<produced])
                if produced == 0 && rc != Z_STREAM_END {
                    throw SheetError("ZIP 中 \(name) 的压缩数据不完整")
                }
            } while rc != Z_STREAM_END
        }
        return out
    }
}
