@testable import BBTXLSX
import BBTTestSupport
import CZlib
import Foundation
import Testing

/// Entries are deflated in blocks on several threads; the result must be one valid deflate stream
/// that any reader inflates to the input, with the right CRC, and the same bytes on every run.
@Suite struct ParallelDeflateTests {
    /// Several MiB of sheet-like text with enough variety that blocks really differ.
    static func sheetLike(_ bytes: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes + 100)
        var seed: UInt64 = 42
        var row = 1
        while out.count < bytes {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out.append(contentsOf: "<row r=\"\(row)\"><c r=\"A\(row)\" s=\"3\"><v>\(seed >> 40)</v></c></row>".utf8)
            row += 1
        }
        return out
    }

    static func archive(_ content: [UInt8]) throws -> [UInt8] {
        var zip = ZipWriter(sink: MemorySink(), level: 2)
        try zip.beginEntry("big.xml")
        // Uneven writes, as rows come.
        var i = 0
        var step = 1
        while i < content.count {
            let end = min(content.count, i + step)
            try zip.write(content[i..<end])
            i = end
            step = step % 9_973 + 1_237
        }
        try zip.endEntry()
        try zip.beginEntry("empty.xml")
        try zip.endEntry()
        try zip.beginEntry("small.xml")
        try zip.write(Array("<a/>".utf8))
        try zip.endEntry()
        try zip.finish()
        return zip.sink.bytes
    }

    @Test func manyBlocksInflateToTheInputWithItsCRC() throws {
        let content = Self.sheetLike(3 * ZipWriter<MemorySink>.bufferSize + 12_345)
        let bytes = try Self.archive(content)
        let entries = try ZipReader.read(bytes)  // inflates and checks each CRC
        #expect(entries.map(\.name) == ["big.xml", "empty.xml", "small.xml"])
        #expect(entries[0].data == content)
        #expect(entries[1].data.isEmpty)
        #expect(entries[2].text == "<a/>")
        // Priming each block with the one before keeps the size close to one stream's.
        #expect(bytes.count < content.count / 3)
    }

    @Test func theBytesDoNotDependOnTiming() throws {
        let content = Self.sheetLike(2 * ZipWriter<MemorySink>.bufferSize)
        let first = try Self.archive(content)
        for _ in 0..<3 { #expect(try Self.archive(content) == first) }
    }

    @Test func pythonsZipfileReadsIt() throws {
        let content = Self.sheetLike(2 * ZipWriter<MemorySink>.bufferSize + 7)
        let dir = try TestTools.temporaryDirectory("deflate")
        let path = dir.appendingPathComponent("a.zip").path
        try Data(try Self.archive(content)).write(to: URL(fileURLWithPath: path))
        let r = try TestTools.run("/usr/bin/python3", ["-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            print(len(z.read("big.xml")))
            """, path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(content.count))
    }

    /// Blocks shorter than the 32 KiB window: the dictionary must still reach back across them.
    @Test func shortBlocksKeepTheWindow() throws {
        let content = Self.sheetLike(300_000)
        let sizes = [10, 40_000, 5, 100_000, 3, 20_000, 1]
        let deflate = ParallelDeflate(level: 6)
        var start = 0
        for (n, size) in sizes.enumerated() {
            let end = n == sizes.count - 1 ? content.count : start + size
            deflate.submit(Array(content[start..<end]), last: n == sizes.count - 1)
            start = end
        }
        deflate.drain()
        let compressed = try deflate.take().flatMap { $0 }
        #expect(try ZipReader.inflate(compressed, size: content.count) == content)
        #expect(deflate.inputSize == content.count)
        #expect(deflate.crc == content.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, uInt($0.count))) })
    }
}
