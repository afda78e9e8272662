import BBTTestSupport
import Foundation
import Testing

/// `bbt import-report` as an admin runs it on a department's form.
@Suite struct ImportCommandTests {
    let command = CommandTests()
    let form = "Tests/BBTImportTests/Fixtures/forms/zhujian_elevator.xlsx"

    @Test func theDraftGoesToStdoutAndTheMappingToStderr() throws {
        let r = try command.run(["import-report", form])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("report R31 \"既有住宅增设电梯及老旧院落改造情况季报\" {"))
        #expect(r.stdout.contains("# 新字段"))
        #expect(r.stderr.contains("1. 户数（户） → households: 名称与「户数」(字段 households)"))
        #expect(r.stderr.contains("17 个栏目: 14 个已在采集, 3 个新字段"))
        #expect(r.stderr.contains("单独填写这张表每个社区每年 56 项; 并入一张表单后每年只多填 14 项"))
    }

    @Test func jsonIsOneObjectWithTheMappingAndTheFigures() throws {
        let r = try command.run(["import-report", form, "--templates", "FormTemplates", "--id", "ZJ31", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((object["report"] as? String)?.contains("report ZJ31 ") == true)
        let columns = try #require(object["columns"] as? [[String: Any]])
        #expect(columns.count == 17)
        #expect(columns[0]["header"] as? [String] == ["户数（户）"])
        #expect(columns[0]["field"] as? String == "households")
        #expect(columns[9]["field"] is NSNull)
        #expect(object["newFields"] as? Int == 3)
        #expect(object["addedEntries"] as? Int == 14)
        #expect(object["manualEntries"] as? Int == 56)
    }

    @Test func anUnreadableFileExitsOneAndUsageMistakesTwo() throws {
        let bad = try TestTools.temporaryDirectory("import")
        defer { try? FileManager.default.removeItem(at: bad) }
        let file = bad.appendingPathComponent("x.xlsx")
        try Data("not a zip".utf8).write(to: file)
        let r = try command.run(["import-report", file.path])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("bbt: \(file.path): 不是 XLSX 文件"))
        #expect(r.stdout == "")
        #expect(try command.run(["import-report", bad.appendingPathComponent("missing.xlsx").path]).status == 2)
        #expect(try command.run(["import-report", form, "--id", "SZ01"]).status == 2)
        #expect(try command.run(["import-report"]).status == 2)
    }
}
