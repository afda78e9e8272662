import BBTEngine
import BBTTemplates
import BBTXML

/// A report as the XML of interfaces.md, written through libxml2.
public enum ReportXML {
    public static let namespace = "urn:baobiaotong:report:1"

    public static func document(_ table: ReportTable, rows mode: RowMode, generated: Generated) throws -> [UInt8] {
        try write(table, rows: mode, generated: generated, to: try XMLWriter())
    }

    /// The same document written straight to `path`.
    public static func write(_ table: ReportTable, rows mode: RowMode, generated: Generated, toFile path: String) throws {
        try write(table, rows: mode, generated: generated, to: try XMLWriter(file: path))
    }

    @discardableResult
    private static func write(_ table: ReportTable, rows mode: RowMode, generated: Generated, to w: XMLWriter) throws -> [UInt8] {
        let report = table.report
        try w.startElement("report", namespace: namespace)
        try w.attribute("id", report.id)
        try w.attribute("title", report.title)
        try w.attribute("formNo", report.formNo)
        try w.attribute("authority", report.authority)
        if let a = report.approval { try w.attribute("approval", a) }
        if let l = report.listed { try w.attribute("listed", l) }
        if let v = report.validUntil { try w.attribute("validUntil", v) }
        try w.attribute("frequency", report.frequency.rawValue)
        try w.attribute("period", table.period.description)
        try w.attribute("unit", table.unit.code)
        try w.attribute("unitName", table.unit.name)
        try w.attribute("level", table.unit.level.rawValue)
        try w.attribute("filledBy", report.filledBy.rawValue)
        if table.total != nil { try w.attribute("rowMode", mode.rawValue) }
        try w.attribute("generated", generated.china)

        try w.startElement("columns")
        for c in table.columns {
            try w.startElement("column")
            try w.attribute("key", c.key)
            try w.attribute("label", c.header)
            if let g = ReportValues.groupPath(c) { try w.attribute("group", g) }
            try w.attribute("type", ReportValues.typeName(c.type))
            if let u = c.unit { try w.attribute("unit", u) }
            if case .decimal(let p) = c.type { try w.attribute("places", String(p)) }
            if let f = c.format { try w.attribute("format", f) }
            if let s = c.slice {
                try w.attribute("field", s.field)
                if let m = s.members { try w.attribute("slice", m) }
            }
            try w.endElement()
        }
        try w.endElement()

        try w.startElement("rows")
        let leaves = table.columns.map { XMLWriter.leaf("value", attributes: [("key", $0.key)]) }
        for row in table.rows {
            try w.startElement("row")
            try w.attribute("unit", row.unit.code)
            try w.attribute("name", row.unit.name)
            if let s = row.status { try w.attribute("status", s.rawValue) }
            if let e = row.explanation { try w.attribute("explanation", e) }
            try values(row.values, table.columns, leaves, w)
            try w.endElement()
        }
        try w.endElement()
        if let total = table.total {
            try w.startElement("total")
            try values(total, table.columns, leaves, w)
            try w.endElement()
        }
        try w.endElement()
        return try w.finish()
    }

    /// A value per column, each `<value key="…">` prepared once per document (`leaves`).
    private static func values(_ values: [Value?], _ columns: [Column], _ leaves: [XMLWriter.Leaf], _ w: XMLWriter) throws {
        for i in values.indices where i < columns.count {
            let c = columns[i]
            switch values[i] {
            case nil:
                w.emptyLeaf(leaves[i], attribute: "empty", "true")
            case .number(let d)?:
                w.leaf(leaves[i]) { d.appendPlainText(places: c.places, to: &$0) }
            case let v?:
                w.leaf(leaves[i], text: c.text(v) ?? "")
            }
        }
    }
}
