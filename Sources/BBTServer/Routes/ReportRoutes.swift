import BBTEngine
import BBTRender
import Foundation
import Hummingbird
import NIOCore

/// Reports as files (`ReportService`): one report as XLSX, XML or JSON, and the period's bundle.
struct ReportRoutes {
    let state: ServiceState

    func add(to router: some RouterMethods<UserContext>) {
        router.get("/api/v1/units/:code/reports/:id/:file") { request, context in try await report(request, context) }
        // One parameter name per position: the router's trie shares `:id` with the route above.
        router.get("/api/v1/units/:code/reports/:id") { request, context in try await bundle(request, context) }
    }

    func report(_ request: Request, _ context: UserContext) async throws -> Response {
        let unit = try state.unit(try context.parameter("code"))
        let (period, ext) = try Requests.periodFile(try context.parameter("file"), extensions: Set(ReportFormat.allCases.map(\.rawValue)))
        let format = ReportFormat(rawValue: ext)!
        let file = try await ReportService(state: state).file(try context.parameter("id"), unit: unit, period: period, format: format,
                                                              rows: try request.rowMode(), for: context.user)
        // The JSON document is an answer like the API's others; the files are downloads.
        if format == .json {
            return Response(status: .ok, headers: [.contentType: format.contentType, .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
        }
        return fileResponse(file.bytes, type: format.contentType, name: file.name)
    }

    /// Every report due at a period, XLSX and XML, as one ZIP.
    func bundle(_ request: Request, _ context: UserContext) async throws -> Response {
        let unit = try state.unit(try context.parameter("code"))
        let (period, _) = try Requests.periodFile(try context.parameter("id"), extensions: ["zip"])
        let file = try await ReportService(state: state).bundle(unit: unit, period: period, rows: try request.rowMode(), for: context.user)
        return fileResponse(file.bytes, type: "application/zip", name: file.name)
    }
}
