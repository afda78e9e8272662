import BBTEngine
import ArgumentParser
import BBTXLSX
import Foundation

/// `bbt bench`: measurements that the tests and docs/performance.md rely on.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmarks (see docs/performance.md).",
        subcommands: [BenchXLSX.self, BenchJSON.self, BenchSlices.self, BenchReview.self, BenchBurden.self]
    )
}

/// `bbt bench xlsx`: writes a synthetic numeric sheet with our writer and reports time and peak memory.
struct BenchXLSX: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "xlsx",
        abstract: "Write ROWS × COLUMNS numbers (int and decimal) as one XLSX sheet; print time, size and peak RSS as JSON.")

    @Option var rows = 100_000
    @Option var columns = 50
    @Option(help: "zlib level, 1 (fast) … 9 (small).") var level: Int32 = Workbook<FileSink>.defaultCompression
    @Option var out: String

    func run() throws {
        guard rows > 0, columns > 0, columns <= 16_384, (1...9).contains(level) else {
            throw Console.usage("--rows 和 --columns 应为正数 (列数不超过 16384), --level 为 1 到 9")
        }
        let start = Date()
        var book = Workbook(sink: try FileSink(path: out),
                            properties: DocumentProperties(title: "bench", creator: "报表通", created: "2023-07-05T02:00:00Z"),
                            compression: level)
        let decimal = book.style(CellStyle(numberFormat: "0.00"))
        try book.beginSheet(SheetSetup(name: "bench"))
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<rows {
            // Cell by cell, as `bbt render` writes its data rows.
            try book.writeRow { row in
                for c in 0..<columns {
                    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    let n = Int(seed >> 44)
                    // Half the columns integers, half decimal(2), as the city report has them.
                    if c % 2 == 0 {
                        row.number(style: 0) { $0.append(contentsOf: String(n).utf8) }
                    } else {
                        row.number(style: decimal) { x in
                            x.append(contentsOf: String(n / 100).utf8)
                            x.append(UInt8(ascii: "."))
                            x.append(UInt8(ascii: "0") + UInt8(n % 100 / 10))
                            x.append(UInt8(ascii: "0") + UInt8(n % 10))
                        }
                    }
                }
            }
        }
        try book.endSheet()
        let sink = try book.finish()
        try sink.close()
        let seconds = Date().timeIntervalSince(start)
        print("{\"rows\": \(rows), \"columns\": \(columns), \"seconds\": \(String(format: "%.3f", seconds)), \"bytes\": \(sink.offset), \"peakRSSKiB\": \(BenchXLSX.peakRSS())}")
    }

    /// VmHWM from /proc: the peak resident set of this process.
    static func peakRSS() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return -1 }
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
}
