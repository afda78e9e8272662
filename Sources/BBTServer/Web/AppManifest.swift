import BBTEngine
import Foundation
import Hummingbird
import NIOCore

/// The filler's pages as an installable web app: the manifest (with the favicon's hashed address)
/// and the service worker, which must be served from the root to control every page.
extension WebRoutes {
    struct Manifest: Encodable {
        struct Icon: Encodable {
            let src: String
            let sizes: String
            let type: String
        }

        let name: String
        let short_name: String
        let start_url: String
        let scope: String
        let display: String
        let lang: String
        let background_color: String
        let theme_color: String
        let icons: [Icon]
    }

    func manifest() throws -> Response {
        let m = Manifest(name: "报表通", short_name: "报表通", start_url: "/", scope: "/", display: "standalone", lang: "zh-CN",
                         background_color: "#ffffff", theme_color: "#b3261e",
                         icons: [.init(src: WebFiles.current.url("favicon.svg") ?? "/favicon.ico", sizes: "any", type: "image/svg+xml")])
        var buffer = ByteBuffer()
        buffer.writeBytes(try JSONValueEncoder().encode(m).bytes())
        return Response(status: .ok, headers: [.contentType: "application/manifest+json; charset=utf-8", .cacheControl: "no-cache"],
                        body: .init(byteBuffer: buffer))
    }

    /// Never cached by the browser's HTTP cache: a new version of the worker is seen at once.
    func serviceWorker() -> Response {
        Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-cache",
                                        .init("Service-Worker-Allowed")!: "/"],
                 body: .init(byteBuffer: WebFiles.current.serviceWorker))
    }
}
