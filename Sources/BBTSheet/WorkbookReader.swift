/// Reads the first worksheet of an XLSX as Excel, WPS, LibreOffice or openpyxl write it: shared and
/// inline strings (plain and rich), numbers as written, merged ranges. Only the first `rowLimit`
/// rows are kept (a form's title, meta block and header are at the top); the rest are counted and
/// skipped, and so are the shared strings no kept cell uses, so memory stays bounded however large
/// the file.
public enum WorkbookReader {
    public struct Limits: Sendable {
        public var rowLimit = 200
        public var sharedStrings = 2_000_000
        public var cellCharacters = 32_767
        public var merges = 100_000
        public var zip = ZipArchive.Limits()
        public init() {}
    }

    public static func read(_ bytes: [UInt8], limits: Limits = Limits()) throws -> Sheet {
        let zip = try ZipArchive(bytes, limits: limits.zip)
        let (sheetPath, stringsPath) = try locateParts(zip)
        guard let sheetData = try zip.data(sheetPath) else { throw SheetError("XLSX 中缺少工作表 \(sheetPath)") }
        var pending = try readSheet(sheetData, part: sheetPath, limits: limits)
        if !pending.sharedIndices.isEmpty {
            guard let stringsPath, let data = try zip.data(stringsPath) else {
                throw SheetError("工作表引用了共享字符串, 但 XLSX 中没有 sharedStrings.xml")
            }
            let strings = try readSharedStrings(data, wanted: pending.sharedIndices, limits: limits)
            for (row, column, index) in pending.sharedCells {
                guard let s = strings[index] else { throw SheetError("工作表引用了不存在的共享字符串 \(index)") }
                pending.rows[row][column] = s
            }
        }
        return Sheet(rows: pending.rows, merges: pending.merges, rowCount: pending.rowCount)
    }

    /// The first sheet of the workbook and the shared strings, through the package's relationships.
    static func locateParts(_ zip: ZipArchive) throws -> (sheet: String, strings: String?) {
        guard let workbook = try zip.data("xl/workbook.xml") else { throw SheetError("不是 XLSX 文件 (缺少 xl/workbook.xml)") }
        var firstSheet: String?
        let w = try XMLPull(workbook, part: "xl/workbook.xml")
        while let node = try w.next() {
            if case .start("sheet") = node { firstSheet = w.attribute("id"); break }
        }
        var targets: [String: String] = [:]
        var strings: String?
        if let rels = try zip.data("xl/_rels/workbook.xml.rels") {
            let r = try XMLPull(rels, part: "xl/_rels/workbook.xml.rels")
            while let node = try r.next() {
                guard case .start("Relationship") = node, let id = r.attribute("Id"), let target = r.attribute("Target") else { continue }
                let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
                targets[id] = path
                if r.attribute("Type")?.hasSuffix("/sharedStrings") == true { strings = path }
            }
        }
        if let id = firstSheet, let path = targets[id] { return (path, strings ?? "xl/sharedStrings.xml") }
        guard zip.entry("xl/worksheets/sheet1.xml") != nil else { throw SheetError("XLSX 中找不到工作表") }
        return ("xl/worksheets/sheet1.xml", strings ?? "xl/sharedStrings.xml")
    }

    struct PendingSheet {
        var rows: [[Int: String]] = []
        var merges: [Sheet.Range] = []
        var rowCount = 0
        var sharedCells: [(Int, Int, Int)] = []
        var sharedIndices = Set<Int>()
    }

    static func readSheet(_ data: [UInt8], part: String, limits: Limits) throws -> PendingSheet {
        var sheet = PendingSheet()
        let x = try XMLPull(data, part: part)
        var row = -1, column = -1
        while let node = try x.next() {
            guard case .start(let name) = node else { continue }
            switch name {
            case "row":
                row = x.attribute("r").flatMap(Int.init).map { $0 - 1 } ?? row + 1
                guard row >= 0, row < 1_048_576 else { throw SheetError("\(part) 的行号 \(row + 1) 超出范围") }
                column = -1
                sheet.rowCount = max(sheet.rowCount, row + 1)
                if row >= limits.rowLimit { try x.skip(); continue }
                while sheet.rows.count <= row { sheet.rows.append([:]) }
            case "c":
                column = x.attribute("r").flatMap(Sheet.reference).map(\.column) ?? column + 1
                guard row >= 0, row < limits.rowLimit else { try x.skip(); continue }
                let type = x.attribute("t") ?? "n"
                let text = try cellText(x, type: type, part: part, limits: limits)
                guard let text else { continue }
                if type == "s" {
                    guard let index = Int(text), index >= 0, index < limits.sharedStrings else {
                        throw SheetError("\(part) 中的共享字符串编号 \"\(text)\" 不对")
                    }
                    sheet.sharedCells.append((row, column, index))
                    sheet.sharedIndices.insert(index)
                } else if !text.isEmpty {
                    sheet.rows[row][column] = type == "b" ? (text == "1" ? "是" : "否") : text
                }
            case "mergeCell":
                guard let ref = x.attribute("ref"), let range = Sheet.range(ref) else { continue }
                guard sheet.merges.count < limits.merges else { throw SheetError("\(part) 的合并单元格太多") }
                sheet.merges.append(range)
            default: continue
            }
        }
        return sheet
    }

    /// A cell's `<v>` or inline `<is>` text; `nil` for an empty cell.
    static func cellText(_ x: XMLPull, type: String, part: String, limits: Limits) throws -> String? {
        guard !x.isEmptyElement else { return nil }
        var text: String?
        var inValue = false, inText = false, phonetic = 0
        while let node = try x.next() {
            switch node {
            case .start("v"): inValue = true
            case .start("t"): inText = phonetic == 0
            case .start("rPh"): phonetic += 1
            case .end("rPh"): phonetic -= 1
            case .end("v"): inValue = false
            case .end("t"): inText = false
            case .end("c"): return text
            case .text where inValue || inText:
                text = (text ?? "") + x.value
                guard text!.utf8.count <= limits.cellCharacters * 4 else { throw SheetError("\(part) 中有一个单元格的文字太长") }
            default: break
            }
        }
        return text
    }

    /// Only the strings some kept cell uses; the table is counted, not stored, beyond that.
    static func readSharedStrings(_ data: [UInt8], wanted: Set<Int>, limits: Limits) throws -> [Int: String] {
        var strings: [Int: String] = [:]
        let x = try XMLPull(data, part: "sharedStrings.xml")
        var index = -1
        var current = "", inText = false, phonetic = 0
        while let node = try x.next() {
            switch node {
            case .start("si"):
                index += 1
                guard index < limits.sharedStrings else { throw SheetError("共享字符串超过 \(limits.sharedStrings) 个, 不像一张报表") }
                if !wanted.contains(index) { try x.skip(); continue }
                if x.isEmptyElement { strings[index] = ""; continue }
                current = ""
            case .start("t"): inText = phonetic == 0
            case .end("t"): inText = false
            case .start("rPh"): phonetic += 1
            case .end("rPh"): phonetic -= 1
            case .text where inText:
                current += x.value
                guard current.utf8.count <= limits.cellCharacters * 4 else { throw SheetError("共享字符串 \(index) 太长") }
            case .end("si"): strings[index] = current
            default: break
            }
        }
        return strings
    }
}
