/// A position-free, fully parenthesised dump of a syntax tree: what golden tests compare, and what
/// the round-trip tests require to be unchanged by printing and parsing again.
public enum TreeDump {
    public static func dump(_ file: TemplateFile) -> String {
        var out = ""
        for d in file.declarations { dump(d, into: &out, indent: "") }
        return out
    }

    public static func dump(_ e: Expr) -> String {
        switch e.kind {
        case .number(let t): return t
        case .string(let s): return SourcePrinter.quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .name(let n): return n
        case .slice(let f, let members): return "(slice \(f.text)\(members.map { " \($0.dimension.text).\($0.member.text)" }.joined()))"
        case .call(let f, let args): return "(call \(f.text)\(args.map { " " + dump($0) }.joined()))"
        case .negate(let x): return "(neg \(dump(x)))"
        case .not(let x): return "(not \(dump(x)))"
        case .binary(let op, let l, let r): return "(\(op.rawValue) \(dump(l)) \(dump(r)))"
        case .paren(let x): return dump(x)
        }
    }

    private static func dump(_ d: Declaration, into out: inout String, indent: String) {
        switch d {
        case .field(let f): dump(f, into: &out, indent: indent)
        case .computed(let c):
            out += "\(indent)(computed \(c.id.text) \(SourcePrinter.quote(c.label.value)) \(dump(c.expr))"
            if let p = c.places { out += " (decimal \(p.text))" }
            if let u = c.unit { out += " (unit \(SourcePrinter.quote(u.value)))" }
            for f in c.misplacedFrom { out += " (from \(f.text))" }
            out += ")\n"
        case .rule(let r):
            out += "\(indent)(rule \(dump(r.expr)) \(SourcePrinter.quote(r.message.value)) \(r.severity.rawValue))\n"
        case .section(let s):
            out += "\(indent)(section \(SourcePrinter.quote(s.title.value))\n"
            for f in s.fields { dump(f, into: &out, indent: indent + "  ") }
            out += "\(indent))\n"
        case .source(let s):
            out += "\(indent)(source \(s.id.text) \(SourcePrinter.quote(s.name.value)))\n"
        case .dimension(let d):
            out += "\(indent)(dimension \(d.id.text) \(SourcePrinter.quote(d.label.value))"
            for m in d.members { out += " (\(m.id.text) \(SourcePrinter.quote(m.label.value)))" }
            for g in d.groups {
                out += " (group \(g.id.text) \(SourcePrinter.quote(g.label.value))\(g.members.map { " " + $0.text }.joined()))"
            }
            out += ")\n"
        case .report(let r):
            out += "\(indent)(report \(r.id.text) \(SourcePrinter.quote(r.title.value))\n"
            for a in r.attributes { out += "\(indent)  (\(a.source))\n" }
            for item in r.items { dump(item, into: &out, indent: indent + "  ") }
            out += "\(indent))\n"
        }
    }

    private static func dump(_ f: FieldDecl, into out: inout String, indent: String) {
        out += "\(indent)(field \(f.id.text) \(SourcePrinter.quote(f.label.value)) \(f.type.source)"
        for a in f.attributes { out += " (\(a.source))" }
        out += ")\n"
    }

    private static func dump(_ item: ReportItem, into out: inout String, indent: String) {
        switch item {
        case .column(let c):
            out += "\(indent)(column \(c.id?.text ?? "_") \(SourcePrinter.quote(c.header.value)) \(dump(c.expr))"
            if let f = c.format { out += " (format \(SourcePrinter.quote(f.value)))" }
            if let w = c.width { out += " (width \(w.text))" }
            out += ")\n"
        case .columns(let c):
            out += "\(indent)(columns \(c.field.text) \(c.dimension.text)\(c.total.map { " (total \(SourcePrinter.quote($0.value)))" } ?? ""))\n"
        case .group(let g):
            out += "\(indent)(group \(SourcePrinter.quote(g.title.value))\n"
            for i in g.items { dump(i, into: &out, indent: indent + "  ") }
            out += "\(indent))\n"
        }
    }
}
