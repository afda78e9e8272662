/// Prints a syntax tree back as canonical `.bbt` source: one declaration per line, two-space
/// indentation, minimal parentheses. Parsing the output gives the same tree (the round-trip tests).
public enum SourcePrinter {
    public static func print(_ file: TemplateFile) -> String {
        var out = ""
        for declaration in file.declarations { declaration.write(to: &out, indent: "") }
        return out
    }

    public static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    /// `[sex.male, age.a60]`.
    public static func slice(_ members: [SliceMember]) -> String {
        "[" + members.map { "\($0.dimension.text).\($0.member.text)" }.joined(separator: ", ") + "]"
    }

    /// An expression as source; `parentPrecedence` decides where parentheses are needed.
    public static func print(_ expr: Expr, parentPrecedence: Int = 0) -> String {
        switch expr.kind {
        case .number(let text): return text
        case .string(let s): return quote(s)
        case .bool(let b): return b ? "true" : "false"
        case .name(let n): return n
        case .slice(let f, let members): return f.text + SourcePrinter.slice(members)
        case .call(let f, let args): return "\(f.text)(\(args.map { print($0) }.joined(separator: ", ")))"
        case .negate(let e): return "-" + print(e, parentPrecedence: 7)
        case .not(let e):
            let s = "not " + print(e, parentPrecedence: 4)
            return parentPrecedence > 3 ? "(\(s))" : s
        case .binary(let op, let l, let r):
            // Left-associative: the right operand needs parentheses at equal precedence.
            // Comparisons do not chain, so a comparison on their left needs parentheses too.
            let leftPrecedence = op.isComparison ? op.precedence + 1 : op.precedence
            let s = "\(print(l, parentPrecedence: leftPrecedence)) \(op.rawValue) \(print(r, parentPrecedence: op.precedence + 1))"
            return op.precedence < parentPrecedence ? "(\(s))" : s
        case .paren(let e): return print(e, parentPrecedence: parentPrecedence)
        }
    }
}

extension Declaration {
    func write(to out: inout String, indent: String) {
        switch self {
        case .field(let f): f.write(to: &out, indent: indent)
        case .computed(let c):
            out += "\(indent)computed \(c.id.text) \(SourcePrinter.quote(c.label.value)) = \(SourcePrinter.print(c.expr))"
            if let p = c.places { out += " decimal(\(p.text))" }
            if let u = c.unit { out += " unit \(SourcePrinter.quote(u.value))" }
            for f in c.misplacedFrom { out += " from \(f.text)" }
            out += "\n"
        case .rule(let r):
            out += "\(indent)rule \(SourcePrinter.print(r.expr)) \(SourcePrinter.quote(r.message.value))"
            out += r.severity == .error ? "\n" : " \(r.severity.rawValue)\n"
        case .section(let s):
            out += "\(indent)section \(SourcePrinter.quote(s.title.value)) {\n"
            for f in s.fields { f.write(to: &out, indent: indent + "  ") }
            out += "\(indent)}\n"
        case .source(let s):
            out += "\(indent)source \(s.id.text) \(SourcePrinter.quote(s.name.value))\n"
        case .dimension(let d):
            out += "\(indent)dimension \(d.id.text) \(SourcePrinter.quote(d.label.value)) {\n"
            for m in d.members { out += "\(indent)  \(m.id.text) \(SourcePrinter.quote(m.label.value))\n" }
            for g in d.groups {
                out += "\(indent)  group \(g.id.text) \(SourcePrinter.quote(g.label.value)) = \(g.members.map(\.text).joined(separator: ", "))\n"
            }
            out += "\(indent)}\n"
        case .report(let r):
            out += "\(indent)report \(r.id.text) \(SourcePrinter.quote(r.title.value)) {\n"
            for a in r.attributes { out += "\(indent)  \(a.source)\n" }
            for item in r.items { item.write(to: &out, indent: indent + "  ") }
            out += "\(indent)}\n"
        }
    }
}

extension FieldDecl {
    func write(to out: inout String, indent: String) {
        out += "\(indent)field \(id.text) \(SourcePrinter.quote(label.value)) \(type.source)"
        for a in attributes { out += " " + a.source }
        out += "\n"
    }
}

extension TypeSpec {
    var source: String {
        switch kind {
        case .int: "int"
        case .decimal(let p): "decimal(\(p.text))"
        case .text(let n): n.map { "text(\($0.text))" } ?? "text"
        case .bool: "bool"
        case .date: "date"
        case .choice(let options): "choice(\(options.map { SourcePrinter.quote($0.value) }.joined(separator: ", ")))"
        }
    }
}

extension FieldAttribute {
    var source: String {
        switch kind {
        case .unit(let s): "unit \(SourcePrinter.quote(s.value))"
        case .min(let n): "min \(n.text)"
        case .max(let n): "max \(n.text)"
        case .stock: "stock"
        case .flow: "flow"
        case .merge(let n): "merge \(n.text)"
        case .optional: "optional"
        case .carry: "carry"
        case .help(let s): "help \(SourcePrinter.quote(s.value))"
        case .every(let n): "every \(n.text)"
        case .from(let n): "from \(n.text)"
        case .by(let breakdowns): "by " + breakdowns.map { $0.map(\.text).joined(separator: " * ") }.joined(separator: ", ")
        }
    }
}

extension ReportAttribute {
    var source: String {
        switch kind {
        case .formNo(let s): "form_no \(SourcePrinter.quote(s.value))"
        case .authority(let s): "authority \(SourcePrinter.quote(s.value))"
        case .approval(let s): "approval \(SourcePrinter.quote(s.value))"
        case .listed(let s): "listed \(SourcePrinter.quote(s.value))"
        case .validUntil(let s): "valid_until \(SourcePrinter.quote(s.value))"
        case .every(let n): "every \(n.text)"
        case .due(let n): "due \(n.text)"
        case .filledBy(let n): "filled_by \(n.text)"
        }
    }
}

extension ReportItem {
    func write(to out: inout String, indent: String) {
        switch self {
        case .column(let c):
            out += "\(indent)column "
            if let id = c.id { out += id.text + " " }
            out += "\(SourcePrinter.quote(c.header.value)) = \(SourcePrinter.print(c.expr))"
            if let f = c.format { out += " format \(SourcePrinter.quote(f.value))" }
            if let w = c.width { out += " width \(w.text)" }
            out += "\n"
        case .columns(let c):
            out += "\(indent)columns \(c.field.text) by \(c.dimension.text)"
            if let t = c.total { out += " total \(SourcePrinter.quote(t.value))" }
            out += "\n"
        case .group(let g):
            out += "\(indent)group \(SourcePrinter.quote(g.title.value)) {\n"
            for item in g.items { item.write(to: &out, indent: indent + "  ") }
            out += "\(indent)}\n"
        }
    }
}
