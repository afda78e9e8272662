import Foundation
import BBTSheet

/// A department's form as a person reads it: the title, the meta block, the header (any depth, its
/// groups as merged cells), whether the 甲/乙/1 2 3 row follows, and each data column's header path.
public struct FormLayout: Sendable {
    public struct Column: Sendable {
        /// Column number in the sheet, from 0.
        public let index: Int
        /// Header texts from the outermost group to the column's own, line breaks removed.
        public let path: [String]
    }

    public let title: String
    /// 表号, 制定机关, 批准文号, 有效期至, 填报单位, 报告期 as written.
    public let meta: [String: String]
    public let headerRows: ClosedRange<Int>
    public let hasDesignatorRow: Bool
    public let columns: [Column]
    /// The headers of the leading columns that name the units (单位名称, 区划代码 …).
    public let unitHeaders: [String]
    /// The 审核关系 written under the table (`2=3+4=5+6+7，7≥8`), its numbers the data columns'.
    public let checks: String?
    /// A note under the table that says when it is due (`次年1月31日前报送`): the year's report.
    public let dueNextYear: Bool

    static let metaLabels = ["表号", "制定机关", "批准文号", "有效期至", "填报单位", "报告期"]

    public init(_ sheet: Sheet) throws {
        guard !sheet.rows.isEmpty else { throw ImportError("工作表是空的") }
        let last = sheet.lastColumn
        func rowTexts(_ r: Int) -> [String] {
            var seen = Set<Sheet.Range>(), out: [String] = []
            for c in 0...max(last, 0) {
                if let m = sheet.merge(at: r, c) { guard seen.insert(m).inserted else { continue } }
                let t = FormLayout.clean(sheet.shown(r, c))
                if !t.isEmpty { out.append(t) }
            }
            return out
        }

        // The title: the first row with one text only that is not a meta line.
        var titleRow: Int?
        for r in 0..<min(sheet.rows.count, 10) {
            let texts = rowTexts(r)
            if texts.count == 1, !FormLayout.isMetaLine(texts[0]) { titleRow = r; break }
            if !texts.isEmpty { break }
        }
        title = titleRow.map { rowTexts($0)[0] } ?? ""

        // The header starts at the first row naming the units (单位名称, 区划代码 …) in a cell of its own.
        let start = (titleRow ?? -1) + 1
        var top: Int?
        for r in start..<min(sheet.rows.count, start + 30) {
            let cells = (0...max(last, 0)).map { FormLayout.clean(sheet.shown(r, $0)) }
            if cells.prefix(4).contains(where: FormLayout.namesUnits), cells.filter({ !$0.isEmpty }).count >= 2 { top = r; break }
        }
        guard let top else { throw ImportError("找不到表头 (没有“单位名称”“区划代码”这样的栏目)") }

        // The header reaches as far down as the merged cells that start in it.
        var bottom = top
        var grew = true
        while grew {
            grew = false
            for m in sheet.merges where (top...bottom).contains(m.top) && m.bottom > bottom && m.bottom < top + 6 {
                bottom = m.bottom
                grew = true
            }
        }
        headerRows = top...bottom

        // Meta: every line between the title and the header, and the lines of the rows beside it.
        var lines: [[String]] = []
        for r in start..<top { lines.append(rowTexts(r).flatMap { $0.split(whereSeparator: \.isNewline).map(String.init) }) }
        meta = FormLayout.parseMeta(lines)

        // Leading columns name the units; the rest are data columns.
        let leading = (0...max(last, 0)).filter { FormLayout.namesUnits(FormLayout.clean(sheet.shown(top, $0))) }
        unitHeaders = leading.map { FormLayout.clean(sheet.shown(top, $0)) }
        let firstData = (leading.max() ?? -1) + 1
        let designator = bottom + 1
        let marks = (firstData...max(last, firstData)).map { FormLayout.clean(sheet.shown(designator, $0)) }
        hasDesignatorRow = leading.contains { ["甲", "乙"].contains(FormLayout.clean(sheet.shown(designator, $0))) }
            || (marks.first == "1" && marks.prefix(3).compactMap { Int($0) } == Array(1...min(3, marks.prefix(3).count)))

        var columns: [Column] = []
        for c in firstData...max(last, firstData) where !leading.contains(c) {
            var path: [String] = []
            var previous: Sheet.Range?
            for r in headerRows {
                let m = sheet.merge(at: r, c)
                if let m, m == previous { continue }
                previous = m
                let t = FormLayout.clean(sheet.shown(r, c).split(whereSeparator: \.isNewline).joined())
                if !t.isEmpty { path.append(t) }
            }
            if !path.isEmpty { columns.append(Column(index: c, path: path)) }
        }
        guard !columns.isEmpty else { throw ImportError("表头下没有数据栏目") }
        self.columns = columns
        var checks: String?
        var dueNextYear = false
        for r in (bottom + 1)..<max(sheet.rows.count, bottom + 1) {
            for text in rowTexts(r) {
                if text.contains("次年"), text.contains("报") { dueNextYear = true }
                guard checks == nil else { continue }
                guard let at = text.range(of: "审核关系") else { continue }
                var rest = text[at.upperBound...].drop { $0 == ":" || $0 == "：" || $0.isWhitespace }
                if let end = rest.firstIndex(where: { $0.isNewline }) { rest = rest[..<end] }
                checks = rest.isEmpty ? nil : String(rest)
                break
            }
        }
        self.checks = checks
        self.dueNextYear = dueNextYear
    }

    /// Text as shown, without the surrounding white space (ideographic spaces too).
    static func clean(_ s: String) -> String {
        s.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func namesUnits(_ s: String) -> Bool {
        guard !s.isEmpty, !s.contains("："), !s.contains(":") else { return false }
        return s.contains("名称") || s.contains("代码") || ["单位", "社区", "地区", "区域", "甲", "乙"].contains(s)
    }

    static func isMetaLine(_ s: String) -> Bool {
        let squeezed = s.filter { !$0.isWhitespace }
        return metaLabels.contains { squeezed.contains($0) } && (s.contains("：") || s.contains(":"))
    }

    /// `表　　号：民统03表　制定机关：成都市民政局`, items one per cell, or a label in one cell and
    /// its value in the next: each label gets the text up to the next label.
    static func parseMeta(_ rows: [[String]]) -> [String: String] {
        var meta: [String: String] = [:]
        for row in rows {
            var pendingLabel: String?
            for piece in row {
                let squeezed = piece.filter { !$0.isWhitespace }
                var found: [(label: String, range: Range<String.Index>)] = []
                for label in metaLabels {
                    if let r = squeezed.range(of: label) { found.append((label, r)) }
                }
                found.sort { $0.range.lowerBound < $1.range.lowerBound }
                if found.isEmpty {
                    if let label = pendingLabel { meta[label] = squeezed; pendingLabel = nil }
                    continue
                }
                for (i, item) in found.enumerated() {
                    let end = i + 1 < found.count ? found[i + 1].range.lowerBound : squeezed.endIndex
                    var value = String(squeezed[item.range.upperBound..<end])
                    for noise in ["（盖章）", "(盖章)"] where value.hasPrefix(noise) { value.removeFirst(noise.count) }
                    while let f = value.first, f == ":" || f == "：" { value.removeFirst() }
                    meta[item.label] = value
                    pendingLabel = value.isEmpty ? item.label : nil
                }
            }
        }
        return meta.filter { !$0.value.isEmpty }
    }
}

/// Why a form could not be drafted.
public struct ImportError: Error, CustomStringConvertible, Sendable {
    /// What the error is about: the file, or the report ID the importer was asked to use.
    public enum Subject: Sendable { case file, reportID }

    public let description: String
    public let subject: Subject
    public init(_ description: String, about subject: Subject = .file) {
        self.description = description
        self.subject = subject
    }
}
