import Foundation
import Mustache
import NIOCore

/// The pages' files, read once from the `Pages` folder that the package copies into BBTServer's
/// resource bundle: `templates/*.mustache` (one per page, and `layout` around them) and `static/*`
/// (the stylesheet, the favicon, the shared script `bbt.js` and one script per page that has behaviour).
///
/// Static files are served from memory under a name with their content's hash,
/// `/static/<stem>.<hash>.<ext>` (`/static/app.3f2a9c1b0d4e.css`), cached for a year: a changed file
/// has a new name, so a browser never keeps an old script beside a new page. Any other name is 404.
///
/// `BBT_PAGES` names another folder (development: edit the files, restart the server, no rebuild).
/// The pages run under a strict Content-Security-Policy (`WebRoutes.contentSecurityPolicy`): the
/// templates hold no inline script or style and no `style=` or `on…=` attributes; looks live in
/// `app.css` as classes, behaviour in the scripts, which find elements by id and `data-*`.
struct WebFiles: Sendable {
    /// A file of `static/`, as it is served.
    struct Asset: Sendable {
        /// The file's own name: `app.css`.
        let name: String
        /// The address pages use: `/static/app.3f2a9c1b0d4e.css`.
        let path: String
        let contentType: String
        let body: ByteBuffer
    }

    /// The templates every page needs: `page(_:_:_:user:)` renders these names.
    static let templateNames = ["layout", "login", "form", "review", "templates", "source", "catalog", "password", "users",
                                "units", "report", "cell", "error"]
    /// The static files the layout links on every page.
    static let layoutAssets = ["app.css", "favicon.svg", "bbt.js"]
    static let environmentKey = "BBT_PAGES"

    let folder: URL
    let library: MustacheLibrary
    /// By file name (`app.css`).
    let assets: [String: Asset]
    /// By the hashed name in the address (`app.3f2a9c1b0d4e.css`).
    let served: [String: Asset]
    /// The API's contract, `docs/openapi.yaml` as JSON (`scripts/openapi-json` writes it beside the
    /// pages), served at `/api/v1/openapi.json`.
    let openAPI: ByteBuffer
    /// `sw.js`, served at `/sw.js` (a worker controls the pages under its own path).
    let serviceWorker: ByteBuffer

    /// The address of a static file by its own name (`app.css` → `/static/app.3f2a9c1b0d4e.css`).
    func url(_ name: String) -> String? { assets[name]?.path }

    /// A page's own scripts: `static/<template>.js` when there is one (`form` → `form.js`), loaded
    /// after `bbt.js`.
    func scripts(for template: String) -> [String] {
        url("\(template).js").map { [$0] } ?? []
    }

    // MARK: Loading

    /// The files of this process, read on first use. `Server.prepare` asks for them before anything
    /// else (`check()`), so that a missing or broken folder stops the start with its reason.
    static let shared: Result<WebFiles, Server.StartupError> = {
        do {
            return .success(try WebFiles.load())
        } catch let error as Server.StartupError {
            return .failure(error)
        } catch {
            return .failure(Server.StartupError(description: "网页文件读取失败 / The pages' files cannot be read: \(error)"))
        }
    }()

    /// The loaded files; only reached after `check()` has passed at start.
    static var current: WebFiles {
        switch shared {
        case .success(let files): return files
        case .failure(let error): fatalError(error.description)
        }
    }

    /// Throws the `StartupError` that says why the pages' files cannot be read.
    static func check() throws {
        _ = try shared.get()
    }

    static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WebFiles {
        let (folder, looked) = locate(environment: environment)
        if folder == nil, let dir = environment[environmentKey], !dir.isEmpty {
            throw Server.StartupError(description: """
                环境变量 \(environmentKey) 指定的网页文件目录 \(dir) 不存在或不是目录。
                \(environmentKey) names \(dir) as the pages' folder, which does not exist or is not a folder.
                """)
        }
        guard let folder else {
            throw Server.StartupError(description: """
                找不到网页文件 (Pages 目录), 已查找: \(looked.joined(separator: ", "))。请随程序一起部署 BaoBiaoTong_BBTServer 资源包, 或用环境变量 \(environmentKey) 指定 Pages 目录。
                The web pages' files (the Pages folder) were not found; looked in: \(looked.joined(separator: ", ")). Deploy the BaoBiaoTong_BBTServer resource bundle beside the executable, or set \(environmentKey) to the Pages folder.
                """)
        }
        return try load(from: folder)
    }

    /// Reads `templates/*.mustache` and `static/*` of `folder`.
    static func load(from folder: URL) throws -> WebFiles {
        func fail(_ chinese: String, _ english: String) -> Server.StartupError {
            Server.StartupError(description: "\(chinese)\n\(english)")
        }
        let templatesDir = folder.appendingPathComponent("templates"), staticDir = folder.appendingPathComponent("static")
        var library = MustacheLibrary()
        var names: Set<String> = []
        for file in files(in: templatesDir) where file.pathExtension == "mustache" {
            let name = file.deletingPathExtension().lastPathComponent
            guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
                throw fail("网页模板 \(file.path) 读不出 UTF-8 文本", "The page template \(file.path) cannot be read as UTF-8 text")
            }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch {
                throw fail("网页模板 \(file.path) 有错误: \(error)", "The page template \(file.path) does not parse: \(error)")
            }
            names.insert(name)
        }
        var assets: [String: Asset] = [:], served: [String: Asset] = [:]
        for file in files(in: staticDir) {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                throw fail("网页文件 \(file.path) 读不出", "The static file \(file.path) cannot be read")
            }
            let bytes = [UInt8](data)
            let hashed = hashedName(file.lastPathComponent, hash: contentHash(bytes))
            let asset = Asset(name: file.lastPathComponent, path: "/static/\(hashed)", contentType: contentType(file.pathExtension),
                              body: ByteBuffer(bytes: bytes))
            assets[asset.name] = asset
            served[hashed] = asset
        }
        let missing = templateNames.filter { !names.contains($0) }.map { "templates/\($0).mustache" }
            + layoutAssets.filter { assets[$0] == nil }.map { "static/\($0)" }
        guard missing.isEmpty else {
            throw fail("网页文件目录 \(folder.path) 缺少: \(missing.joined(separator: ", "))",
                       "The pages folder \(folder.path) lacks: \(missing.joined(separator: ", "))")
        }
        guard let openAPI = try? Data(contentsOf: folder.appendingPathComponent("openapi.json")) else {
            throw fail("网页文件目录 \(folder.path) 缺少 openapi.json", "The pages folder \(folder.path) lacks openapi.json")
        }
        guard let worker = try? Data(contentsOf: folder.appendingPathComponent("sw.js")) else {
            throw fail("网页文件目录 \(folder.path) 缺少 sw.js", "The pages folder \(folder.path) lacks sw.js")
        }
        return WebFiles(folder: folder, library: library, assets: assets, served: served, openAPI: ByteBuffer(bytes: openAPI),
                        serviceWorker: ByteBuffer(bytes: worker))
    }

    /// The Pages folder: `BBT_PAGES` when set; else the resource bundle beside the executable (as
    /// `Bundle.module` finds it); else the package's own `Sources/BBTServer/Pages` when this build's
    /// sources are still where they were built (as `Bundle.module`'s build-folder fallback would:
    /// `swift test` on macOS, a binary run from elsewhere on the build machine). Also the places looked in.
    static func locate(environment: [String: String]) -> (URL?, [String]) {
        if let dir = environment[environmentKey], !dir.isEmpty {
            let url = URL(fileURLWithPath: dir)
            return (isDirectory(url) ? url : nil, ["\(environmentKey)=\(dir)"])
        }
        var looked: [String] = []
        // `Bundle.module` stops the process when it finds no bundle: ask it only once the bundle is there.
        #if canImport(Darwin)
        let bundleName = "BaoBiaoTong_BBTServer.bundle"
        #else
        let bundleName = "BaoBiaoTong_BBTServer.resources"
        #endif
        let beside = Bundle.main.bundleURL.appendingPathComponent(bundleName)
        looked.append(beside.path)
        if isDirectory(beside), let pages = Bundle.module.resourceURL?.appendingPathComponent("Pages"), isDirectory(pages) {
            return (pages, looked)
        }
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Pages")
        looked.append(sources.path)
        if isDirectory(sources) { return (sources, looked) }
        return (nil, looked)
    }

    static func isDirectory(_ url: URL) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &directory) && directory.boolValue
    }

    /// The regular files of `dir`, without hidden ones (`.DS_Store`), in name order.
    static func files(in dir: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { dir.appendingPathComponent($0) }.filter { !isDirectory($0) }
    }

    // MARK: Names and types

    /// FNV-1a, 64 bits, over the bytes: the first 12 hex digits name a version of a file.
    static func contentHash(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(12))
    }

    /// `app.css` → `app.<hash>.css`; a name without extension gets the hash at its end.
    static func hashedName(_ name: String, hash: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "\(name).\(hash)" }
        return "\(name[..<dot]).\(hash)\(name[dot...])"
    }

    static func contentType(_ ext: String) -> String {
        switch ext.lowercased() {
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "json": "application/json; charset=utf-8"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
