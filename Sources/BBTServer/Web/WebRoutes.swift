import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Foundation
import Hummingbird
import NIOCore

/// The web interface in Chinese: log-in, the filler's form, the reviewer's table, the template editor.
struct WebRoutes {
    let state: ServiceState

    func add(to router: Router<AppContext>) {
        router.get("/static/:name") { _, context in WebRoutes.asset(try context.parameter("name")) }
        router.get("/favicon.ico") { _, _ in redirect(WebFiles.current.url("favicon.svg") ?? "/") }
        router.get("/manifest.webmanifest") { _, _ in try manifest() }
        router.get("/sw.js") { _, _ in serviceWorker() }
        router.get("/login") { _, _ in try page("登录", "login", LoginPageModel(error: nil), user: nil) }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, _ in
            try await SessionService(state: state).logOut(token: AuthMiddleware.token(of: request))
            var r = redirect("/login")
            r.setCookie(Cookie(name: "bbt_session", value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
            return r
        }
        // Every other page needs a logged-in user: the group's context sends anyone else to /login.
        let pages = router.group(context: PageContext.self)
        pages.get("/") { _, context in home(context) }
        pages.get("/form/:code") { request, context in try await formPage(request, context) }
        pages.get("/review/:code") { request, context in try await reviewPage(request, context) }
        pages.get("/admin/templates") { _, context in try await templatesPage(context) }
        pages.get("/catalog") { _, context in try await catalogPage(context) }
        pages.get("/burden") { request, context in try await burdenPage(request, context) }
        pages.get("/me/password") { _, context in
            try page("修改密码", "password", PasswordPageModel(mustChange: context.user.mustChangePassword), user: context.user)
        }
        pages.get("/admin/users") { _, context in try await usersPage(context) }
        pages.get("/admin/units") { request, context in try await unitsPage(request, context) }
        pages.get("/sources/:source") { request, context in try await sourcePage(request, context) }
        pages.get("/requests") { _, context in try await requestsPage(context) }
        pages.get("/requests/:id") { _, context in try await requestPage(context) }
        pages.get("/listing") { request, context in try await listingPage(request, context) }
        addReportPages(to: pages)
    }

    /// A static file by its hashed name (`app.3f2a9c1b0d4e.css`): its content never changes under
    /// that name, so browsers keep it for a year. Any other name, an old version's too, is 404.
    static func asset(_ name: String) -> Response {
        guard let asset = WebFiles.current.served[name] else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(string: "404 Not Found")))
        }
        return Response(status: .ok, headers: [
            .contentType: asset.contentType, .cacheControl: "public, max-age=31536000, immutable",
            .init("X-Content-Type-Options")!: "nosniff",
        ], body: .init(byteBuffer: asset.body))
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }

    /// `template` rendered with `model` inside the layout, which links the stylesheet, the favicon,
    /// the shared script and the page's own script (`static/<template>.js`, when there is one).
    func page(_ title: String, _ template: String, _ model: some PageModel, user: UserRecord?) throws -> Response {
        let files = WebFiles.current
        let body = files.library.render(try PageTree.of(model), withTemplate: template) ?? ""
        let layout = LayoutModel(
            title: title, body: body, css: files.url("app.css") ?? "", favicon: files.url("favicon.svg") ?? "",
            script: files.url("bbt.js") ?? "", scripts: files.scripts(for: template),
            user: user.map { user in
                LayoutModel.User(username: user.username, unitName: state.tree.index(of: user.unit).map { state.tree[$0].name } ?? user.unit,
                                 roleLabel: user.role.chinese, isAdmin: user.role.may(.manageTemplates) && !user.mustChangePassword,
                                 todo: !user.mustChangePassword, source: user.source,
                                 mayRequest: user.role.mayFileRequests && !user.mustChangePassword)
            })
        var buffer = ByteBuffer()
        buffer.writeString(files.library.render(try PageTree.of(layout), withTemplate: "layout") ?? "")
        return Response(status: .ok, headers: [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .init("Content-Security-Policy")!: WebRoutes.contentSecurityPolicy,
            .init("X-Content-Type-Options")!: "nosniff",
        ], body: .init(byteBuffer: buffer))
    }

    /// Scripts and styles only from our own files: no inline code, no inline style, no framing.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// Where a user starts: the page of their work.
    func home(_ context: PageContext) -> Response {
        let user = context.user
        switch user.role.home {
        case .form: return redirect("/form/\(user.unit)")
        case .review: return redirect("/review/\(user.unit)")
        case .templates: return redirect("/admin/templates")
        case .source: return redirect("/sources/\(user.source ?? "")")
        case .requests: return redirect("/requests")
        }
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        var request = request
        let buffer = try await request.body(upTo: 16 * 1024, tooLarge: "登录表单过大")
        let fields = WebRoutes.formFields(String(buffer: buffer))
        let token: String
        do {
            token = try await SessionService(state: state).logIn(fields["username"] ?? "", fields["password"] ?? "").token
        } catch let e as APIError {
            var r = try page("登录", "login", LoginPageModel(error: e.message), user: nil)
            r.status = e.status
            return r
        }
        var r = redirect("/")
        r.setCookie(Cookie(name: "bbt_session", value: token, maxAge: Int(SessionService.sessionSeconds), path: "/", httpOnly: true, sameSite: .strict))
        return r
    }

    /// `application/x-www-form-urlencoded` pairs.
    static func formFields(_ body: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            if kv.count == 2 { out[kv[0]] = kv[1] }
        }
        return out
    }
}
