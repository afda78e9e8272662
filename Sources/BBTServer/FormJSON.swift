import BBTEngine
import BBTRender

/// The form as JSON: sections, fields with their period, saved and pre-filled values, status, version.
enum FormJSON {
    static func value(_ v: Value?) -> JSONValue {
        switch v {
        case nil: .null
        case .number(let d)?: .number(d.plainText)
        case .text(let s)?: .string(s)
        case .bool(let b)?: .bool(b)
        case .date(let d)?: .string(d.description)
        }
    }

    static func form(_ l: FormData, unit: OrgUnit) -> JSONValue {
        func field(_ e: OneForm.Entry) -> JSONValue {
            let f = e.field
            var m: [(String, JSONValue)] = [
                ("id", .string(f.id)), ("label", .string(f.label)), ("type", .string(f.type.name)),
                ("unit", .optional(f.unit)), ("min", f.min.map { .number($0.plainText) } ?? .null),
                ("max", f.max.map { .number($0.plainText) } ?? .null), ("help", .optional(f.help)),
                ("optional", .bool(f.optional)), ("carry", .bool(f.carry)),
                ("period", .string(e.period.description)), ("frequency", .string(e.frequency.rawValue)),
            ]
            if case .choice(let options) = f.type { m.append(("options", .array(options.map { .string($0) }))) }
            if case .text(let n?) = f.type { m.append(("maxLength", .int(n))) }
            m.append(("value", value(l.stored[f.id])))
            m.append(("carried", value(l.carried[f.id])))
            m.append(("provided", l.provided[f.id].map { p in
                .object([("value", value(p.value)), ("source", .string(p.source)), ("sourceName", .string(p.sourceName)),
                         ("at", .string(p.at))])
            } ?? .null))
            m.append(("correction", .optional(l.reasons[f.id])))
            return .object(m)
        }
        return .object([
            ("unit", .string(unit.code)), ("unitName", .string(unit.name)), ("month", .string(l.month.description)),
            ("status", .string(l.state.status.rawValue)), ("version", .int(l.state.version)),
            ("submittedAt", .optional(l.state.submittedAt)), ("reason", .optional(l.state.reason)),
            ("explanation", .optional(l.state.explanation)),
            ("sections", .array(l.form.sections.map { s in
                .object([("title", .string(s.title ?? "其他")), ("fields", .array(s.entries.map(field)))])
            })),
            ("values", .object(l.form.entries.compactMap { e in l.stored[e.field.id].map { (e.field.id, value($0)) } })),
            ("carried", .object(l.form.entries.compactMap { e in l.carried[e.field.id].map { (e.field.id, value($0)) } })),
        ])
    }
}
