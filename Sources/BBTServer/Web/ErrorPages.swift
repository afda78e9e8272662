import BBTStore
import Hummingbird

/// Errors as their reader can read them: a page that fails answers a page in Chinese with the
/// message (a browser never shows the API's JSON), and an address nobody serves answers the API's
/// error JSON under `/api/` and that page elsewhere (the router's own 404 has an empty body).
struct ErrorAnswers: RouterMiddleware {
    typealias Context = AppContext
    let pages: WebRoutes

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let isPage = !path.hasPrefix("/api/") && !path.hasPrefix("/static/")
        do {
            return try await next(request, context)
        } catch let error as APIError where isPage {
            return page(error.status, error.message, user: context.user)
        } catch let error as HTTPError where error.status == .notFound {
            if isPage { return page(.notFound, "没有这个页面: \(path)", user: context.user) }
            throw APIError.notFound("没有这个接口: \(request.method) \(path)")
        }
    }

    private func page(_ status: HTTPResponse.Status, _ message: String, user: UserRecord?) -> Response {
        let heading = switch status.code {
        case 400: "请求有误"
        case 401: "请先登录"
        case 403: "没有权限"
        case 404: "找不到"
        case 409: "已被他人修改"
        case 413: "内容过大"
        case 422: "内容有误"
        default: "出错了"
        }
        var r = (try? pages.page(heading, "error", ErrorPageModel(heading: heading, message: message), user: user))
            ?? Response(status: status)
        r.status = status
        return r
    }
}
