import BBTTestSupport
import Foundation
import Testing

/// `bbt` run as a process, as a user (or a script) runs it.
@Suite struct CommandTests {
    static var packageRoot: URL { TestTools.packageRoot }

    typealias Result = TestTools.Output

    /// The `bbt` built next to this test bundle.
    static var executable: URL {
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("bbt"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("bbt"),
            packageRoot.appendingPathComponent(".build/debug/bbt"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[2]
    }

    func run(_ arguments: [String], in directory: URL = CommandTests.packageRoot) throws -> Result {
        try TestTools.run(CommandTests.executable.path, arguments, in: directory)
    }

    func temporaryTemplates(_ files: [String: String]) throws -> URL {
        let dir = try TestTools.temporaryDirectory("bbt")
        for (path, text) in files {
            let url = dir.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return dir
    }

    let clean = """
        field pop "常住人口" int stock
        report R "表" {
          form_no "测01表"
          authority "测试机关"
          every quarter
          due 10
          filled_by community
          column "p" = pop
        }

        """

    @Test func checkOfCleanTemplatesExitsZeroAndEndsWithTheBurdenFigure() throws {
        let dir = try temporaryTemplates(["a.bbt": clean])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["check", dir.path])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout.hasSuffix("一年填报量: 4 → 4 项 (减少 0.0%)\n需要手工录入: 4 → 4 项 (减少 0.0%)\n"))
    }

    @Test func errorsGoToStderrWithPathsRelativeToTheFolderAndExitOne() throws {
        let dir = try temporaryTemplates(["a.bbt": clean, "sub/b.bbt": "field x \"甲\" int\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["check", dir.path])
        #expect(r.status == 1)
        #expect(r.stderr.split(separator: "\n").first == "sub/b.bbt:1:7: error: 数值字段 \"x\" 必须声明 stock (时点数, 如人口) 或 flow (累计数, 如新增)")
        #expect(!r.stderr.contains("^"), "no caret when stderr is not a terminal")
    }

    @Test func warningsAloneExitZero() throws {
        let dir = try temporaryTemplates(["a.bbt": clean + "field spare \"备用\" int stock\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["check", dir.path])
        #expect(r.status == 0)
        #expect(r.stderr.contains("a.bbt:10:7: warning:"))
    }

    @Test func jsonCarriesTheFiguresAndTheDiagnostics() throws {
        let dir = try temporaryTemplates(["a.bbt": clean + "field x \"甲\" int\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try run(["check", dir.path, "--json"])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["fields"] as? Int == 2)
        #expect(object["reports"] as? Int == 1)
        #expect(object["manualEntries"] as? Int == 4)
        #expect(object["formEntries"] as? Int == 4)
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 2)
        #expect(diagnostics[0]["path"] as? String == "a.bbt")
        #expect(diagnostics[0]["line"] as? Int == 10)
        #expect(diagnostics[0]["column"] as? Int == 7)
        #expect(diagnostics[0]["severity"] as? String == "error")
    }

    @Test func checkForAYearCountsOnlyTheReportsValidThenAndWarnsAboutTheOthers() throws {
        let expiring = clean.replacingOccurrences(of: "  every quarter", with: "  valid_until \"2024-06\"\n  every quarter") + """
            report S "年表" {
              form_no "测02表"
              authority "测试机关"
              every year
              filled_by community
              column "p" = pop
            }

            """
        let dir = try temporaryTemplates(["a.bbt": expiring])
        defer { try? FileManager.default.removeItem(at: dir) }
        let all = try run(["check", dir.path])
        #expect(all.status == 0 && all.stderr == "")
        #expect(all.stdout.contains("一年填报量: 5 → 4 项"))
        let later = try run(["check", dir.path, "--year", "2025", "--json"])
        #expect(later.status == 0)
        #expect(later.stdout.contains("\"manualEntries\": 1") && later.stdout.contains("\"formEntries\": 1"))
        #expect(later.stdout.contains("报表 R 的有效期至 2024-06 已在 2025 年之前结束, 不计入 2025 年的填报量"))
        let text = try run(["check", dir.path, "--year", "2025"])
        #expect(text.stderr == "a.bbt:5:15: warning: 报表 R 的有效期至 2024-06 已在 2025 年之前结束, 不计入 2025 年的填报量\n")
        #expect(text.stdout.contains("2025 年仍有效的报表 (已过有效期的 1 张不计)"))
        #expect(try run(["check", dir.path, "--year", "2024"]).stderr == "")
        #expect(try run(["check", dir.path, "--year", "0"]).status == 2)
    }

    @Test func usageProblemsExitTwo() throws {
        #expect(try run(["check", "/nonexistent/templates"]).status == 2)
        #expect(try run(["check", "--bogus"]).status == 2)
        #expect(try run(["form"]).status == 2)
        let bad = try run(["form", "--month", "2023-13"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("2023-13"))
    }

    @Test func formShowsThePeriodOfEachValue() throws {
        let dir = try temporaryTemplates(["a.bbt": clean])
        defer { try? FileManager.default.removeItem(at: dir) }
        let june = try run(["form", "--month", "2023-06", "--templates", dir.path, "--json"])
        #expect(june.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(june.stdout.utf8)) as? [String: Any])
        let fields = try #require(object["fields"] as? [[String: Any]])
        #expect(fields.map { $0["id"] as? String } == ["pop"])
        #expect(fields.map { $0["period"] as? String } == ["2023-Q2"])
        let may = try run(["form", "--month", "2023-05", "--templates", dir.path])
        #expect(may.status == 0)
        #expect(may.stdout.contains("0 项"))
    }

    @Test func theShippedFormTemplatesAreClean() throws {
        let r = try run(["check", "FormTemplates", "--json"])
        #expect(r.status == 0, "\(r.stdout)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((object["diagnostics"] as? [Any])?.isEmpty == true)
        #expect((object["reports"] as? Int ?? 0) >= 14)
        #expect((object["fields"] as? Int ?? 0) >= 80)
        // ZJ05 carries its 清单编号; every other report was never admitted (清单外).
        #expect(object["unlisted"] as? Int == (object["reports"] as? Int ?? 0) - 1)
    }

    /// `listed` is a report's 清单编号; a report without one counts as unlisted, in the year's count too.
    @Test func unlistedReportsAreCounted() throws {
        let dir = try temporaryTemplates(["a.bbt": """
            field pop "常住人口" int min 0 stock
            report A "甲表" {
              form_no "测01表"
              authority "测试机关"
              listed "成社准〔2026〕3号"
              every month
              filled_by community
              column "人口" = pop
            }
            report B "乙表" {
              form_no "测02表"
              authority "测试机关"
              valid_until "2024-06"
              every month
              filled_by community
              column "人口" = pop
            }

            """])
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try run(["check", dir.path, "--json"]).stdout.contains("\"unlisted\": 1"))
        #expect(try run(["check", dir.path, "--year", "2025", "--json"]).stdout.contains("\"unlisted\": 0"), "B has expired by 2025")
    }
}
