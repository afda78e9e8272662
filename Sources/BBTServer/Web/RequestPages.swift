import BBTAPI
import BBTEngine
import BBTStore
import BBTTemplates
import Foundation
import Hummingbird

/// 报表准入's pages: the requests and the form to file one, one request with its review and the
/// office's decision, and the 清单 every logged-in user may read.
extension WebRoutes {
    func requestsPage(_ context: PageContext) async throws -> Response {
        let user = context.user
        let requests = try await RequestService(state: state).list(status: nil, for: user)
        let model = RequestsPageModel(requests, isAdmin: user.role.may(.manageTemplates))
        return try page("报表准入", "requests", model, user: user)
    }

    func requestPage(_ context: PageContext) async throws -> Response {
        let user = context.user
        // As `RequestRoutes.id(_:)` reads it.
        guard let id = Int(try context.parameter("id")), id > 0 else { throw APIError.notFound("没有这份申请") }
        let reviewed = try await RequestService(state: state).get(id, for: user)
        let answer = RequestRoutes(state: state).answer(reviewed)
        let r = reviewed.request
        let catalog = await state.templates().catalog
        let model = RequestPageModel(
            answer, stored: r,
            mayRevise: user.role.mayFileRequests && r.requester == user.username && r.status == .returned,
            mayDecide: user.role.may(.manageTemplates) && r.status == .submitted,
            sourceOf: { id in catalog.field(id)?.source.map { catalog.source($0)?.name ?? $0 } })
        return try page("报表准入 · \(r.title)", "request", model, user: user)
    }

    func listingPage(_ request: Request, _ context: PageContext) async throws -> Response {
        let month = try request.monthQuery() ?? state.clock.currentMonth()
        let answer = try await RequestRoutes(state: state).listing(month)
        return try page("报表清单", "listing", ListingPageModel(answer, month: month), user: context.user)
    }
}
