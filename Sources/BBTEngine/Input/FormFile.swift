import Foundation
import BBTNumber
import BBTTemplates

/// One unit's form for one month as a JSON file:
/// `{"values": {"field_id": value, …}, "status"?: "…", "explanation"?: "上报说明",
/// "submittedAt"?: "2023-07-03T09:30:00+08:00"}` (when it was handed in, for a seed of real history).
public struct FormFile: Sendable {
    public struct Entry: Sendable {
        public let field: Int
        public let period: Period
        public let value: Value?
    }

    public let entries: [Entry]
    public let status: FormStatus
    /// The 上报说明 given with the form, if any.
    public var explanation: String? = nil
    /// When the form was handed in, as ISO 8601 in UTC (given with any offset).
    public var submittedAt: Instant? = nil
    /// Problems that lose nothing the form holds (an unknown field, a field of another month).
    public let warnings: [String]
    /// Values that cannot be taken; the file must be corrected.
    public let errors: [String]

    /// Reads a form against the one form of its month: each value goes to the period it has there.
    public static func parse(_ bytes: [UInt8], form: OneForm, catalog: Catalog) -> FormFile {
        Reader(form: form, catalog: catalog).read(bytes)
    }

    /// The definition `Reader` is held to: the whole document through `JSONParser`, then each
    /// member through `FieldValueParser`, in document order. Slower (a tree of the document, four
    /// hash lookups per value); the tests and the fuzzer compare the two on every input they try.
    public static func parseWholeDocument(_ bytes: [UInt8], form: OneForm, catalog: Catalog) -> FormFile {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            return FormFile(entries: [], status: .empty, warnings: [], errors: [error.description])
        }
        guard case .object = json, case .object(let members)? = json["values"] else {
            return FormFile(entries: [], status: .empty, warnings: [], errors: [FormFile.shapeError])
        }
        var status = FormStatus.submitted
        var errors: [String] = []
        var warnings: [String] = []
        if let s = json["status"] {
            if case .string(let text) = s, let st = FormStatus(rawValue: text) { status = st } else {
                errors.append("status 应为 empty、draft、submitted、approved 或 returned")
            }
        }
        let (explanation, explanationError) = FormFile.explanation(json["explanation"])
        errors += explanationError.map { [$0] } ?? []
        let (submittedAt, submittedAtError) = FormFile.submittedAt(json["submittedAt"])
        errors += submittedAtError.map { [$0] } ?? []
        let periods = Dictionary(uniqueKeysWithValues: form.entries.map { ($0.field.id, $0.period) })
        var entries: [Entry] = []
        entries.reserveCapacity(members.count)
        for (id, raw) in members {
            guard let field = catalog.field(id), let index = catalog.index(ofField: id) else {
                warnings.append("未知的字段 \(id), 已忽略")
                continue
            }
            guard let period = periods[id] else {
                let where_ = catalog.frequency(of: id, at: form.level, in: form.month).map { "按\($0.chinese)在期末月填报" } ?? "本层级不填报"
                warnings.append("字段 \(id) (\(field.label)) 不在 \(form.month) 的表单中 (\(where_)), 已忽略")
                continue
            }
            switch FieldValueParser.parse(raw, for: field) {
            case .success(let value): entries.append(Entry(field: index, period: period, value: value))
            case .failure(let e): errors.append("字段 \(id) (\(field.label)): \(e.message)")
            }
        }
        return FormFile(entries: entries, status: status, explanation: explanation, submittedAt: submittedAt, warnings: warnings,
                        errors: errors)
    }

    /// The optional `submittedAt` member: an ISO 8601 time with its offset, kept in UTC.
    static func submittedAt(_ member: JSONValue?) -> (Instant?, error: String?) {
        guard let member else { return (nil, nil) }
        let bad = "submittedAt 应为带时区的时间, 如 2023-07-03T09:30:00+08:00"
        guard case .string(let text) = member else { return (nil, bad) }
        guard let date = Timestamp.date(text) else { return (nil, bad) }
        return (Instant(date), nil)
    }

    /// The optional `explanation` member, kept as the service keeps one (`FormWorkflow.explanation`).
    static func explanation(_ member: JSONValue?) -> (String?, error: String?) {
        guard let member else { return (nil, nil) }
        guard case .string(let raw) = member else { return (nil, "explanation 应为上报说明的文字") }
        switch FormWorkflow.explanation(raw) {
        case .success(let text): return (text, nil)
        case .failure(let problem): return (nil, problem.message)
        }
    }

    /// The entries as whole rows, one per period (indexed like the catalog's fields).
    public func rows(fieldCount: Int) -> [(Period, [Value?])] {
        var rows: [(Period, [Value?])] = []
        for e in entries {
            var i = rows.firstIndex { $0.0 == e.period }
            if i == nil {
                rows.append((e.period, [Value?](repeating: nil, count: fieldCount)))
                i = rows.count - 1
            }
            rows[i!].1[e.field] = e.value
        }
        return rows
    }

    static let shapeError = "应为 {\"values\": {…}} 形式的对象"

    static func failed(_ message: String) -> FormFile {
        FormFile(entries: [], status: .empty, warnings: [], errors: [message])
    }
}
