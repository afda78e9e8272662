import BBTTestSupport
import Foundation
import Testing

/// `bbt render` as a user runs it on the shipped samples.
@Suite struct RenderCommandTests {
    let command = CommandTests()

    func render(_ extra: [String], out: URL) throws -> CommandTests.Result {
        try command.run(["render", "--templates", "FormTemplates", "--units", "samples/units.csv", "--data", "samples/data",
                         "--out", out.path] + extra)
    }

    @Test func aMonthRendersEveryReportWhosePeriodEndsThen() throws {
        let out = try TestTools.temporaryDirectory("render")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try render(["--unit", "510104", "--period", "2023-06", "--format", "xlsx,xml,json"], out: out)
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        // Monthly reports for June, quarterly for Q2, half-yearly for H1; JD01 is filled by streets.
        for id in ["GA01", "SZ02", "ZJ05", "ZJ12", "ZF03", "ZZ02", "SZ01", "MZ01", "ZF08", "SZ03", "ZJ20", "SW06", "JD01"] {
            #expect(files.contains("\(id).xlsx") && files.contains("\(id).xml") && files.contains("\(id).json"), "\(id)")
        }
        #expect(!files.contains("TJ01.xlsx"), "a yearly report is not due in June")
        let xml = try String(contentsOf: out.appendingPathComponent("SZ01.xml"), encoding: .utf8)
        #expect(xml.contains("period=\"2023-Q2\""))
        #expect(xml.contains("unit=\"510104\" unitName=\"锦江区\""))
    }

    @Test func oneReportWithLeafRows() throws {
        let out = try TestTools.temporaryDirectory("render")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try render(["--unit", "510104001", "--period", "2023-Q2", "--report", "SZ01", "--format", "xml", "--rows", "leaf"], out: out)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["SZ01.xml"])
        let xml = try String(contentsOf: out.appendingPathComponent("SZ01.xml"), encoding: .utf8)
        #expect(xml.components(separatedBy: "<row ").count - 1 == 4)
    }

    /// ZZ02 (a monthly report) is valid until 2024-12: December still renders, January is refused
    /// with the date, and January's bundle has no ZZ02.
    @Test func anExpiredReportIsAClearErrorAndLeavesTheMonthsReports() throws {
        let out = try TestTools.temporaryDirectory("render")
        defer { try? FileManager.default.removeItem(at: out) }
        let december = try render(["--unit", "510104", "--period", "2024-12", "--report", "ZZ02", "--format", "xml"], out: out)
        #expect(december.status == 0, "\(december.stderr)")
        let january = try render(["--unit", "510104", "--period", "2025-01", "--report", "ZZ02", "--format", "xml"], out: out)
        #expect(january.status == 1)
        #expect(january.stderr == "bbt: 报表 ZZ02 的有效期至 2024年12月, 报告期 2025年1月 已过有效期, 不再填报\n")
        try FileManager.default.removeItem(at: out)
        let all = try render(["--unit", "510104", "--period", "2025-06", "--format", "xml"], out: out)
        #expect(all.status == 0, "\(all.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(files.contains("SZ01.xml"))
        for expired in ["ZZ02", "SZ03", "ZJ20", "SW06"] { #expect(!files.contains("\(expired).xml"), "\(expired)") }
    }

    /// 龙王庙社区 closed after May 2023: the June report of its street has one community less, its
    /// own June report is refused, and its May one still renders.
    @Test func aReportUsesTheUnitTreeOfItsPeriodsLastMonth() throws {
        let out = try TestTools.temporaryDirectory("render")
        defer { try? FileManager.default.removeItem(at: out) }
        let lines = try String(contentsOfFile: TestTools.path("samples/units.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let timed = ["code,name,level,parent,from,until"] + lines.dropFirst().map { $0.hasPrefix("510104001002,") ? $0 + ",,2023-05" : $0 + ",," }
        let units = out.appendingPathComponent("units.csv")
        try timed.joined(separator: "\n").write(to: units, atomically: true, encoding: .utf8)
        func render(_ unit: String, _ period: String) throws -> CommandTests.Result {
            try command.run(["render", "--templates", "FormTemplates", "--units", units.path, "--data", "samples/data",
                             "--out", out.appendingPathComponent(period).path, "--unit", unit, "--period", period,
                             "--report", "GA01", "--format", "xml", "--rows", "leaf"])
        }
        #expect(try render("510104001", "2023-05").status == 0)
        #expect(try render("510104001", "2023-06").status == 0)
        func rows(_ period: String) throws -> Int {
            try String(contentsOf: out.appendingPathComponent(period).appendingPathComponent("GA01.xml"), encoding: .utf8)
                .components(separatedBy: "<row ").count - 1
        }
        #expect(try rows("2023-05") == 4)
        #expect(try rows("2023-06") == 3)
        let closed = try render("510104001002", "2023-06")
        #expect(closed.status == 1)
        #expect(closed.stderr.contains("龙王庙社区 (510104001002) 在 2023-06 不存在"))
        #expect(try render("510104001002", "2023-05").status == 0)
    }

    @Test func usageMistakesExitTwoWithOneLine() throws {
        let out = try TestTools.temporaryDirectory("render")
        defer { try? FileManager.default.removeItem(at: out) }
        for args in [["--unit", "999", "--period", "2023-06"], ["--unit", "510104", "--period", "2023-13"],
                     ["--unit", "510104", "--period", "2023-06", "--report", "NOPE"],
                     ["--unit", "510104", "--period", "2023-06", "--report", "TJ01"],
                     ["--unit", "510104001001", "--period", "2023-Q2", "--report", "JD01"],
                     ["--unit", "510104", "--period", "2023-06", "--format", "pdf"],
                     ["--unit", "510104", "--period", "2023-06", "--rows", "all"]] {
            let r = try render(args, out: out)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
    }

    @Test func badDataIsReportedWithItsFileAndExitsOne() throws {
        let data = try TestTools.temporaryDirectory("data")
        let out = data.appendingPathComponent("out")
        defer { try? FileManager.default.removeItem(at: data) }
        let month = data.appendingPathComponent("2023-06")
        try FileManager.default.createDirectory(at: month, withIntermediateDirectories: true)
        try #"{"values": {"pop_resident": 12.5, "households": "many", "nonsense": 1}}"#
            .write(to: month.appendingPathComponent("510104001001.json"), atomically: true, encoding: .utf8)
        let r = try command.run(["render", "--units", "samples/units.csv", "--data", data.path, "--unit", "510104001001",
                                 "--period", "2023-06", "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("510104001001.json: 字段 pop_resident (常住人口): 应为整数"))
        #expect(r.stderr.contains("510104001001.json: 字段 households (户数): 应为数字"))
        #expect(r.stderr.contains("warning:") && r.stderr.contains("未知的字段 nonsense"))
    }
}

/// The XLSX writer streams: writing ten times the rows does not take (much) more memory.
@Suite struct StreamingMemoryTests {
    @Test func peakMemoryStaysFlatFrom10000To100000Rows() throws {
        let command = CommandTests()
        func peak(_ rows: Int) throws -> Int {
            let dir = try TestTools.temporaryDirectory("bench")
            defer { try? FileManager.default.removeItem(at: dir) }
            let out = dir.appendingPathComponent("bench.xlsx")
            let r = try command.run(["bench", "xlsx", "--rows", String(rows), "--columns", "50", "--level", "1", "--out", out.path])
            #expect(r.status == 0, "\(r.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            return object?["peakRSSKiB"] as? Int ?? -1
        }
        let small = try peak(10_000)
        let large = try peak(100_000)
        #expect(small > 0)
        #expect(Double(large) < Double(small) * 1.10, "peak RSS \(small) KiB → \(large) KiB")
    }
}
