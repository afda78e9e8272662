/// A ZIP container written by us: deflated entries, local headers patched with their sizes after
/// the data, a central directory at the end. Timestamps are fixed at 1980-01-01 00:00 and entries
/// keep the order they are added in, so the same content gives the same bytes.
public struct ZipWriter<Sink: ByteSink> {
    public private(set) var sink: Sink
    private let level: Int32
    private var entries: [Entry] = []
    private var current: (entry: Entry, deflate: ParallelDeflate, buffer: [UInt8])?

    struct Entry {
        let name: [UInt8]
        let headerOffset: Int
        var crc: UInt32 = 0
        var compressedSize = 0
        var size = 0
    }

    /// DOS date of 1980-01-01: (year − 1980) << 9 | month << 5 | day.
    static var dosDate: UInt16 { 0x0021 }
    /// Entries are deflated in blocks of this size on every core: large enough that priming each
    /// block with the 32 KiB before it costs little, small enough that memory stays flat.
    static var bufferSize: Int { 1 << 18 }

    public init(sink: Sink, level: Int32 = 6) {
        self.sink = sink
        self.level = level
    }

    public mutating func beginEntry(_ name: String) throws {
        precondition(current == nil, "finish the previous entry first")
        let entry = Entry(name: Array(name.utf8), headerOffset: sink.offset)
        try sink.write(localHeader(entry))
        current = (entry, ParallelDeflate(level: level), [])
        current!.buffer.reserveCapacity(ZipWriter.bufferSize)
    }

    /// Appends bytes to the entry being written; they are deflated in blocks of `bufferSize`.
    public mutating func write(_ bytes: some Sequence<UInt8>) throws {
        current!.buffer.append(contentsOf: bytes)
        if current!.buffer.count >= ZipWriter.bufferSize { try drain(finish: false) }
    }

    public mutating func write(_ text: String) throws {
        try write(text.utf8)
    }

    /// Direct access to the pending buffer, for writers that build XML in place.
    public mutating func withBuffer(_ body: (inout [UInt8]) -> Void) throws {
        body(&current!.buffer)
        if current!.buffer.count >= ZipWriter.bufferSize { try drain(finish: false) }
    }

    public mutating func endEntry() throws {
        try drain(finish: true)
        var (entry, deflate, _) = current!
        current = nil
        deflate.drain()
        for chunk in try deflate.take() { try sink.write(chunk) }
        entry.crc = deflate.crc
        entry.size = deflate.inputSize
        entry.compressedSize = deflate.outputSize
        guard entry.size < Int(UInt32.max), entry.compressedSize < Int(UInt32.max) else {
            throw XLSXError("文件过大 (超过 4 GiB)")
        }
        try sink.patch(localHeader(entry), at: entry.headerOffset)
        entries.append(entry)
    }

    /// Hands the filled buffer over to be deflated and writes what is compressed so far.
    private mutating func drain(finish: Bool) throws {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(ZipWriter.bufferSize + 4096)
        swap(&buffer, &current!.buffer)
        current!.deflate.submit(buffer, last: finish)
        for chunk in try current!.deflate.take() { try sink.write(chunk) }
    }

    /// Writes the central directory; the archive is complete afterwards.
    public mutating func finish() throws {
        precondition(current == nil, "finish the last entry first")
        let start = sink.offset
        for e in entries {
            var h = Bytes()
            h.u32(0x0201_4B50)
            h.u16(20)                 // made by: MS-DOS, version 2.0
            h.u16(20)                 // needed to extract
            h.u16(0x0800)             // names are UTF-8
            h.u16(8)                  // deflate
            h.u16(0)                  // time
            h.u16(ZipWriter.dosDate)
            h.u32(e.crc)
            h.u32(UInt32(e.compressedSize))
            h.u32(UInt32(e.size))
            h.u16(UInt16(e.name.count))
            h.u16(0); h.u16(0); h.u16(0); h.u16(0)
            h.u32(0)
            h.u32(UInt32(e.headerOffset))
            h.bytes += e.name
            try sink.write(h.bytes)
        }
        let size = sink.offset - start
        var end = Bytes()
        end.u32(0x0605_4B50)
        end.u16(0); end.u16(0)
        end.u16(UInt16(entries.count)); end.u16(UInt16(entries.count))
        end.u32(UInt32(size))
        end.u32(UInt32(start))
        end.u16(0)
        try sink.write(end.bytes)
    }

    private func localHeader(_ e: Entry) -> [UInt8] {
        var h = Bytes()
        h.u32(0x0403_4B50)
        h.u16(20)
        h.u16(0x0800)
        h.u16(8)
        h.u16(0)
        h.u16(ZipWriter.dosDate)
        h.u32(e.crc)
        h.u32(UInt32(e.compressedSize))
        h.u32(UInt32(e.size))
        h.u16(UInt16(e.name.count))
        h.u16(0)
        h.bytes += e.name
        return h.bytes
    }
}

/// Little-endian byte building for ZIP headers.
struct Bytes {
    var bytes: [UInt8] = []
    mutating func u16(_ v: UInt16) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    mutating func u32(_ v: UInt32) { bytes += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)] }
}
