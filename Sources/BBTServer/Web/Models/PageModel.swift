import BBTEngine
import Mustache

/// A page's model: a typed value, encoded as the API's answers are (`JSONValueEncoder`), so that a
/// page and the API that shows the same thing share their types and keys (a page embeds the API's
/// answer, `UserAnswer`, `StatusAnswer.Tally`, … and adds only what the page says in words).
///
/// Mustache reads it as a tree of dictionaries. An absent value (`nil`, encoded `null`) is a
/// `PageNull`, not a missing key: a missing key makes Mustache look further up the page, where a
/// row's empty `reason` would find the page's.
typealias PageModel = Encodable

enum PageTree {
    static func of(_ model: some Encodable) throws -> Any {
        tree(try JSONValueEncoder().encode(model))
    }

    static func tree(_ value: JSONValue) -> Any {
        switch value {
        case .null: return PageNull()
        case .bool(let b): return b
        case .number(let text): return text
        case .string(let s): return s
        case .array(let items): return items.map(tree)
        case .object(let members):
            var out: [String: Any] = [:]
            for (k, v) in members { out[k] = tree(v) }
            return out
        }
    }
}

/// `null` on a page: renders as nothing, and a section over it is skipped (`{{^x}}` shows).
struct PageNull: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}
