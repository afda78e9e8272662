import Foundation

/// Checks a JSON value against a schema of `docs/openapi.yaml` (JSON Schema 2020-12 as OpenAPI 3.1
/// uses it), for the keywords the document uses: `$ref` (local), `type` (one or several, `integer`
/// being a number without a fraction), `properties`, `required`, `additionalProperties`, `items`,
/// `enum`, `const`, `oneOf`, `anyOf`, `allOf`, `pattern`, `minimum`, `maximum`, `minLength`,
/// `maxLength`. Anything else in a schema is ignored, so a schema can only be too loose here, never
/// stricter than a real validator.
struct SchemaValidator {
    let document: [String: Any]

    /// The problems, each with the JSON path where it is; empty when `value` fits.
    func problems(_ value: Any, against schema: Any, at path: String = "$") -> [String] {
        guard let schema = schema as? [String: Any] else { return [] }
        var out: [String] = []
        if let ref = schema["$ref"] as? String {
            guard let target = resolve(ref) else { return ["\(path): unresolved \(ref)"] }
            out += problems(value, against: target, at: path)
        }
        if let types = schema["type"] {
            let names = (types as? [String]) ?? [(types as? String) ?? ""]
            if !names.contains(where: { fits(value, $0) }) {
                return out + ["\(path): \(describe(value)) is not \(names.joined(separator: "|"))"]
            }
        }
        if let options = schema["enum"] as? [Any], !options.contains(where: { same($0, value) }) {
            out.append("\(path): \(describe(value)) not in enum")
        }
        if let c = schema["const"], !same(c, value) { out.append("\(path): \(describe(value)) is not the const") }
        if let all = schema["allOf"] as? [Any] {
            for s in all { out += problems(value, against: s, at: path) }
        }
        if let any = schema["anyOf"] as? [Any], !any.contains(where: { problems(value, against: $0, at: path).isEmpty }) {
            out.append("\(path): fits none of anyOf")
        }
        if let one = schema["oneOf"] as? [Any] {
            let fitting = one.filter { problems(value, against: $0, at: path).isEmpty }.count
            if fitting != 1 { out.append("\(path): fits \(fitting) of oneOf, not one") }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                out.append("\(path): missing \(name)")
            }
            for (name, member) in object {
                if let p = properties[name] {
                    out += problems(member, against: p, at: "\(path).\(name)")
                } else if let extra = schema["additionalProperties"] {
                    if extra as? Bool == false { out.append("\(path): unexpected \(name)") }
                    else if extra is [String: Any] { out += problems(member, against: extra, at: "\(path).\(name)") }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] {
            for (i, item) in array.enumerated() { out += problems(item, against: items, at: "\(path)[\(i)]") }
        }
        if let text = value as? String {
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                out.append("\(path): \"\(text)\" does not match \(pattern)")
            }
            if let n = schema["maxLength"] as? Int, text.count > n { out.append("\(path): longer than \(n)") }
            if let n = schema["minLength"] as? Int, text.count < n { out.append("\(path): shorter than \(n)") }
        }
        if let number = value as? NSNumber, !isBool(value) {
            if let m = schema["minimum"] as? NSNumber, number.doubleValue < m.doubleValue { out.append("\(path): below \(m)") }
            if let m = schema["maximum"] as? NSNumber, number.doubleValue > m.doubleValue { out.append("\(path): above \(m)") }
        }
        return out
    }

    func resolve(_ ref: String) -> Any? {
        guard ref.hasPrefix("#/") else { return nil }
        var node: Any = document
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let next = (node as? [String: Any])?[String(part).replacingOccurrences(of: "~1", with: "/")] else { return nil }
            node = next
        }
        return node
    }

    private func isBool(_ v: Any) -> Bool {
        // JSONSerialization reads true and false as NSNumbers of a Bool, whose type is "c".
        guard let n = v as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    private func fits(_ v: Any, _ type: String) -> Bool {
        switch type {
        case "null": return v is NSNull
        case "boolean": return isBool(v)
        case "string": return v is String
        case "array": return v is [Any]
        case "object": return v is [String: Any]
        case "number": return v is NSNumber && !isBool(v)
        case "integer":
            guard let n = v as? NSNumber, !isBool(v) else { return false }
            return n.doubleValue.rounded() == n.doubleValue
        default: return false
        }
    }

    private func same(_ a: Any, _ b: Any) -> Bool {
        switch (a, b) {
        case (let x as String, let y as String): return x == y
        case (let x as NSNumber, let y as NSNumber): return x == y
        case (is NSNull, is NSNull): return true
        default: return false
        }
    }

    private func describe(_ v: Any) -> String {
        if v is NSNull { return "null" }
        if let s = v as? String { return "\"\(s.prefix(40))\"" }
        if isBool(v) { return "a boolean" }
        if v is NSNumber { return "\(v)" }
        if v is [Any] { return "an array" }
        return "an object"
    }
}
