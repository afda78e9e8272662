import CZlib
import Foundation

/// Reads back a ZIP archive in tests: the central directory, then each entry inflated and its
/// CRC-32 checked, so a test sees exactly what a spreadsheet program would unpack.
public struct ZipReader {
    public struct Entry {
        public let name: String
        public let data: [UInt8]
        public var text: String { String(decoding: data, as: UTF8.self) }
    }

    enum Failure: Error { case malformed(String) }

    public static func read(_ bytes: [UInt8]) throws -> [Entry] {
        func u16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
        guard bytes.count >= 22, u32(bytes.count - 22) == 0x0605_4B50 else { throw Failure.malformed("no end record") }
        let count = u16(bytes.count - 22 + 10)
        var p = u32(bytes.count - 22 + 16)
        var entries: [Entry] = []
        for _ in 0..<count {
            guard u32(p) == 0x0201_4B50 else { throw Failure.malformed("bad central header") }
            let method = u16(p + 10), crc = UInt32(u32(p + 16)), csize = u32(p + 20), size = u32(p + 24)
            let nameLength = u16(p + 28), extra = u16(p + 30), comment = u16(p + 32), local = u32(p + 42)
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            guard u32(local) == 0x0403_4B50, u32(local + 18) == csize, u32(local + 22) == size,
                  UInt32(u32(local + 14)) == crc else { throw Failure.malformed("local header of \(name) disagrees") }
            let start = local + 30 + u16(local + 26) + u16(local + 28)
            let compressed = Array(bytes[start..<(start + csize)])
            let data = method == 8 ? try inflate(compressed, size: size) : compressed
            let actual = data.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) }
            guard actual == crc else { throw Failure.malformed("CRC of \(name)") }
            entries.append(Entry(name: name, data: data))
            p += 46 + nameLength + extra + comment
        }
        return entries
    }

    public static func inflate(_ input: [UInt8], size: Int) throws -> [UInt8] {
        // On the heap: zlib checks the stream's address on every call (see DeflateBlock).
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer { stream.deallocate() }
        guard bbt_inflateInit2(stream, -15) == Z_OK else { throw Failure.malformed("inflateInit2") }
        defer { inflateEnd(stream) }
        var out = [UInt8](repeating: 0, count: max(size, 1))
        var input = input
        let rc: Int32 = input.withUnsafeMutableBufferPointer { i in
            out.withUnsafeMutableBufferPointer { o in
                stream.pointee.next_in = i.baseAddress
                stream.pointee.avail_in = uInt(i.count)
                stream.pointee.next_out = o.baseAddress
                stream.pointee.avail_out = uInt(o.count)
                return CZlib.inflate(stream, Z_FINISH)
            }
        }
        guard rc == Z_STREAM_END else { throw Failure.malformed("inflate \(rc)") }
        return Array(out[0..<size])
    }
}
