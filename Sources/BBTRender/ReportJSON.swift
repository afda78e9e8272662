import BBTEngine
import BBTTemplates

/// The same content as the XML, as JSON: numbers as numbers, bools as bools, empty as null.
public enum ReportJSON {
    public static func document(_ table: ReportTable, rows mode: RowMode, generated: Generated) -> JSONValue {
        let report = table.report
        var members: [(String, JSONValue)] = [
            ("id", .string(report.id)), ("title", .string(report.title)), ("formNo", .string(report.formNo)),
            ("authority", .string(report.authority)), ("approval", .optional(report.approval)),
            ("listed", .optional(report.listed)),
            ("validUntil", .optional(report.validUntil)), ("frequency", .string(report.frequency.rawValue)),
            ("period", .string(table.period.description)), ("unit", .string(table.unit.code)),
            ("unitName", .string(table.unit.name)), ("level", .string(table.unit.level.rawValue)),
            ("filledBy", .string(report.filledBy.rawValue)),
        ]
        if table.total != nil { members.append(("rowMode", .string(mode.rawValue))) }
        members.append(("generated", .string(generated.china)))
        members.append(("columns", .array(table.columns.map { c in
            var m: [(String, JSONValue)] = [("key", .string(c.key)), ("label", .string(c.header)),
                                       ("group", .optional(ReportValues.groupPath(c))),
                                       ("type", .string(ReportValues.typeName(c.type))), ("unit", .optional(c.unit))]
            if case .decimal(let p) = c.type { m.append(("places", .int(p))) }
            if let s = c.slice {
                m.append(("field", .string(s.field)))
                m.append(("slice", .optional(s.members)))
            }
            return .object(m)
        })))
        members.append(("rows", .array(table.rows.map { row in
            var m: [(String, JSONValue)] = [("unit", .string(row.unit.code)), ("name", .string(row.unit.name))]
            if let s = row.status { m.append(("status", .string(s.rawValue))) }
            if let e = row.explanation { m.append(("explanation", .string(e))) }
            m.append(("values", values(row.values, table.columns)))
            return .object(m)
        })))
        members.append(("total", table.total.map { values($0, table.columns) } ?? .null))
        return .object(members)
    }

    static func values(_ values: [Value?], _ columns: [Column]) -> JSONValue {
        .object(zip(columns, values).map { c, v in (c.key, c.json(v)) })
    }
}
