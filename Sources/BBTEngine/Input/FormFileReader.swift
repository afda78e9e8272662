import BBTNumber
import BBTTemplates

extension FormFile {
    /// Reads the files of one form (one month, one level): the field lookup and the periods are
    /// prepared once, and each file is read in one pass — keys are looked up by their bytes and
    /// plain numbers read straight from them — with the same strictness as `JSONParser` (the same
    /// errors at the same offsets) and the same checks as `FieldValueParser`.
    public struct Reader: Sendable {
        let form: OneForm
        let catalog: Catalog
        let keys: FieldKeys
        /// By catalog field index: the period a field has on this form, `nil` if not on it.
        let periods: [Period?]
        /// By catalog field index: what a numeric field accepts (`nil` for other fields).
        let numberRules: [FieldValueParser.NumberRule?]
        let entryCount: Int

        public init(form: OneForm, catalog: Catalog) {
            self.form = form
            self.catalog = catalog
            keys = FieldKeys(catalog.fields.map(\.id))
            var periods = [Period?](repeating: nil, count: catalog.fields.count)
            let entries = form.entries
            entryCount = entries.count
            for e in entries {
                if let i = catalog.index(ofField: e.field.id) { periods[i] = e.period }
            }
            self.periods = periods
            numberRules = catalog.fields.map(FieldValueParser.NumberRule.init)
        }

        public func read(_ bytes: [UInt8]) -> FormFile {
            bytes.withUnsafeBufferPointer { read($0) }
        }

        private func read(_ bytes: UnsafeBufferPointer<UInt8>) -> FormFile {
            var p = JSONParser(bytes)
            var values = ValuesPart()
            var valuesIsObject = false
            var status: JSONValue?
            var explanation: JSONValue?
            var submittedAt: JSONValue?
            do {
                p.skipSpace()
                guard p.next == UInt8(ascii: "{") else {
                    _ = try p.value()
                    try p.end()
                    return .failed(FormFile.shapeError)
                }
                try members(&p) { p, key throws(JSONError) in
                    switch key {
                    case "values" where p.next == UInt8(ascii: "{"):
                        valuesIsObject = true
                        try readValues(&p, into: &values)
                    case "status":
                        status = try p.value()
                    case "explanation":
                        explanation = try p.value()
                    case "submittedAt":
                        submittedAt = try p.value()
                    default:
                        _ = try p.value()
                    }
                }
                try p.end()
            } catch {
                return .failed(error.description)
            }
            guard valuesIsObject else { return .failed(FormFile.shapeError) }
            var formStatus = FormStatus.submitted
            var errors: [String] = []
            if let status {
                if case .string(let text) = status, let st = FormStatus(rawValue: text) { formStatus = st } else {
                    errors.append("status 应为 empty、draft、submitted、approved 或 returned")
                }
            }
            let (text, explanationError) = FormFile.explanation(explanation)
            errors += explanationError.map { [$0] } ?? []
            let (time, timeError) = FormFile.submittedAt(submittedAt)
            errors += timeError.map { [$0] } ?? []
            return FormFile(entries: values.entries, status: formStatus, explanation: text, submittedAt: time,
                            warnings: values.warnings, errors: errors + values.errors)
        }

        /// What the `values` object gave.
        struct ValuesPart {
            var entries: [Entry] = []
            var warnings: [String] = []
            var errors: [String] = []
        }

        /// The members of the object at the cursor; `body` reads each value. Duplicate keys are an
        /// error, as in `JSONParser`.
        private func members(_ p: inout JSONParser,
                             _ body: (inout JSONParser, String) throws(JSONError) -> Void) throws(JSONError) {
            try p.enter()
            p.pos += 1
            var keys = Set<String>()
            p.skipSpace()
            if p.next == UInt8(ascii: "}") { p.pos += 1; p.depth -= 1; return }
            while true {
                p.skipSpace()
                guard p.next == UInt8(ascii: "\"") else { throw p.fail("对象的键必须是字符串") }
                let key = try p.string()
                guard keys.insert(key).inserted else { throw p.fail("重复的键 \"\(key)\"") }
                try colon(&p)
                p.skipSpace()
                try body(&p, key)
                guard try commaOrEnd(&p) else { p.depth -= 1; return }
            }
        }

        /// The `values` object: one entry per field of this form, warnings for the rest.
        private func readValues(_ p: inout JSONParser, into part: inout ValuesPart) throws(JSONError) {
            try p.enter()
            p.pos += 1
            part.entries.reserveCapacity(entryCount)
            var seen = [Bool](repeating: false, count: catalog.fields.count)
            var unknown = Set<String>()
            p.skipSpace()
            if p.next == UInt8(ascii: "}") { p.pos += 1; p.depth -= 1; return }
            while true {
                p.skipSpace()
                guard p.next == UInt8(ascii: "\"") else { throw p.fail("对象的键必须是字符串") }
                // Field ids are plain ASCII: look them up by their bytes. Anything else is decoded
                // (and checked as UTF-8) first.
                var index: Int?
                let keyStart = p.pos
                if let raw = p.plainASCIIString(), let i = keys.index(of: raw) {
                    index = i
                } else {
                    p.pos = keyStart
                    let key = try p.string()
                    index = catalog.index(ofField: key)
                    if index == nil {
                        guard unknown.insert(key).inserted else { throw p.fail("重复的键 \"\(key)\"") }
                        try colon(&p)
                        _ = try p.value()
                        part.warnings.append("未知的字段 \(key), 已忽略")
                        guard try commaOrEnd(&p) else { p.depth -= 1; return }
                        continue
                    }
                }
                let i = index!
                guard !seen[i] else { throw p.fail("重复的键 \"\(catalog.fields[i].id)\"") }
                seen[i] = true
                try colon(&p)
                p.skipSpace()
                let result: Result<Value?, FieldValueError>
                if let rule = numberRules[i], let b = p.next, b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) {
                    let range = try p.numberRange()
                    let number = Number(plainUTF8: p.bytes[range])
                        ?? Number(String(decoding: p.bytes[range], as: UTF8.self))
                    result = FieldValueParser.number(number, rule: rule)
                } else {
                    result = FieldValueParser.parse(try p.value(), for: catalog.fields[i])
                }
                if let period = periods[i] {
                    switch result {
                    case .success(let value): part.entries.append(Entry(field: i, period: period, value: value))
                    case .failure(let e): part.errors.append("字段 \(catalog.fields[i].id) (\(catalog.fields[i].label)): \(e.message)")
                    }
                } else {
                    let field = catalog.fields[i]
                    let where_ = catalog.frequency(of: field.id, at: form.level, in: form.month).map { "按\($0.chinese)在期末月填报" } ?? "本层级不填报"
                    part.warnings.append("字段 \(field.id) (\(field.label)) 不在 \(form.month) 的表单中 (\(where_)), 已忽略")
                }
                guard try commaOrEnd(&p) else { p.depth -= 1; return }
            }
        }

        private func colon(_ p: inout JSONParser) throws(JSONError) {
            p.skipSpace()
            guard p.next == UInt8(ascii: ":") else { throw p.fail("缺少冒号") }
            p.pos += 1
        }

        /// After a member: `true` at a comma (more follow), `false` at the closing brace.
        private func commaOrEnd(_ p: inout JSONParser) throws(JSONError) -> Bool {
            p.skipSpace()
            guard let b = p.next else { throw p.fail("对象没有结束") }
            p.pos += 1
            if b == UInt8(ascii: ",") { return true }
            if b == UInt8(ascii: "}") { return false }
            p.pos -= 1
            throw p.fail("缺少逗号或右花括号")
        }
    }
}
