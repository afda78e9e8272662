import BBTEngine
import BBTRender
import Hummingbird
import NIOCore

/// An error answer of the API: `{"error": {"code", "message", "fields"?}}` with its status.
public struct APIError: HTTPResponseError {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    /// Per-field messages, in Chinese, for 422.
    public let fields: [(String, String)]
    /// Extra members (diagnostics of a template check, rule messages).
    public let extra: [(String, JSONValue)]

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, fields: [(String, String)] = [],
                extra: [(String, JSONValue)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields
        self.extra = extra
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var error: [(String, JSONValue)] = [("code", .string(code)), ("message", .string(message))]
        if !fields.isEmpty {
            // One member a field: a field with several problems gets them all, in order.
            var order: [String] = []
            var messages: [String: [String]] = [:]
            for (field, message) in fields {
                if messages[field] == nil { order.append(field) }
                messages[field, default: []].append(message)
            }
            error.append(("fields", .object(order.map { ($0, .string(messages[$0]!.joined(separator: "; "))) })))
        }
        return jsonResponse(.object([("error", .object(error))] + extra), status: status)
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    /// A request whose member is of the wrong shape: 400 with the member named.
    static func badRequest(_ message: String, member: String) -> APIError {
        APIError(.badRequest, "bad_request", "请求有误", fields: [(member, message)])
    }
    static let unauthorized = APIError(.unauthorized, "unauthorized", "请先登录")
    static let forbidden = APIError(.forbidden, "forbidden", "没有权限访问这个单位或操作")
    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
}

extension APIError {
    /// The answer to a step the form's workflow refuses.
    init(_ refusal: FormRefusal) {
        let message = refusal.message
        switch refusal {
        case .forbidden:
            self = .forbidden
        case .locked:
            self.init(.conflict, "locked", message)
        case .notApplicable:
            self.init(.conflict, "not_submitted", message)
        case .versionConflict(let current), .changedDuringReview(let current):
            self.init(.conflict, "version_conflict", message, extra: [("version", .int(current))])
        case .invalidValues(let problems):
            self.init(.unprocessableContent, "invalid_values", message, fields: problems.map { ($0.field, $0.message) })
        case .cannotSubmit(let gate, let warnings):
            self.init(.unprocessableContent, "cannot_submit", message, fields: gate.fieldMessages.map { ($0.field, $0.message) },
                      extra: [("rules", .array(gate.failedRules.map { .string($0.message) })),
                              ("explain", .array(gate.unexplainedRules.map { .string($0.message) })),
                              ("warnings", .array(warnings.map { .string($0.message) }))])
        case .reasonRequired:
            self.init(.unprocessableContent, "invalid_values", message, fields: [("reason", "必填, 不超过 500 字")])
        }
    }
}

extension Result where Failure == FormRefusal {
    /// The decided step, or the refusal as the API answers it.
    func orThrowAPIError() throws -> Success {
        switch self {
        case .success(let step): return step
        case .failure(let refusal): throw APIError(refusal)
        }
    }
}
