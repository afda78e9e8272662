import BBTEngine
import BBTRender
import Hummingbird
import NIOCore

/// Reading request bodies, path pieces and queries, with the API's error answers.
extension Request {
    /// The body as strict JSON: 413 past the context's limit, 400 when it is not JSON.
    mutating func json(_ context: some RequestContext) async throws -> JSONValue {
        let buffer = try await body(upTo: context.maxUploadSize, tooLarge: "请求体超过 \(context.maxUploadSize / 1024) KiB")
        do {
            return try JSONParser.parse(Array(buffer.readableBytesView))
        } catch {
            throw APIError.badRequest("请求体不是有效的 JSON: \(error.description)")
        }
    }

    /// The body, up to `limit` bytes: past it, 413 with the API's error saying `tooLarge`. (The body's
    /// collector throws NIO's own error, not an HTTP one: both are caught.)
    mutating func body(upTo limit: Int, tooLarge: String) async throws -> ByteBuffer {
        do {
            return try await collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "too_large", tooLarge)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "too_large", tooLarge)
        }
    }

    /// The body decoded as `T`: 413 past the context's limit, 400 naming the member that is wrong.
    mutating func decode<T: Decodable>(_ type: T.Type, _ context: some RequestContext) async throws -> T {
        let body = try await json(context)
        do {
            return try JSONValueDecoder().decode(type, from: body)
        } catch {
            throw APIError(.badRequest, "bad_request", error.member.isEmpty ? "请求有误: \(error.message)" : "请求有误",
                           fields: error.member.isEmpty ? [] : [(error.member, error.message)])
        }
    }

    /// `?rows=children` (the default: a row per unit one level down) or `?rows=leaf` (every filling unit).
    func rowMode() throws -> RowMode {
        guard let text = uri.queryParameters.get("rows") else { return .children }
        guard let mode = RowMode(rawValue: String(text)) else { throw APIError.badRequest("行应为 children (下一级) 或 leaf (每个填报单位)", member: "rows") }
        return mode
    }

    /// A month in the query (`?month=2023-06`), `nil` when absent or empty; 400 when it is anything else.
    func monthQuery(_ name: String = "month") throws -> Period? {
        guard let text = uri.queryParameters.get(name), !text.isEmpty else { return nil }
        return try Requests.month(String(text))
    }
}

enum Requests {
    /// A 报告期 in a path; 400 for anything else.
    static func period(_ text: String) throws -> Period {
        guard let period = Period(text) else { throw APIError.badRequest("报告期应为 2023、2023-H1、2023-Q2 或 2023-06, 却是 \"\(text)\"") }
        return period
    }

    /// `2023-Q2.xlsx` → (period, extension); 404 for an extension not among `extensions`.
    static func periodFile(_ file: String, extensions: Set<String>) throws -> (Period, String) {
        guard let dot = file.lastIndex(of: ".") else { throw APIError.notFound("找不到 \(file)") }
        let ext = String(file[file.index(after: dot)...]), stem = String(file[..<dot])
        guard extensions.contains(ext) else { throw APIError.notFound("不支持的格式 .\(ext)") }
        return (try period(stem), ext)
    }

    /// The one reading of a month the API accepts, with the one message.
    static func month(_ text: String) throws -> Period {
        guard let p = Period(text), p.frequency == .month else { throw APIError.badRequest("月份应为 YYYY-MM (如 2023-06), 却是 \"\(text)\"") }
        return p
    }
}

extension RequestContext {
    func parameter(_ name: String) throws -> String {
        guard let value = parameters.get(name) else { throw APIError.notFound("缺少路径参数 \(name)") }
        return value
    }

    /// A month in the path (`2023-06`): 400 when it is anything else.
    func month(_ name: String = "month") throws -> Period {
        try Requests.month(try parameter(name))
    }
}

extension JSONValue {
    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}
