import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Foundation
import Hummingbird
import NIOCore

/// An office's month: completeness, the tallies, each unit's thirteen months, approve and return.
extension WebRoutes {
    func reviewPage(_ request: Request, _ context: PageContext) async throws -> Response {
        let user = context.user
        let unit = try state.unit(try context.parameter("code"))
        let completeness = CompletenessService(state: state)
        try completeness.require(user, reviews: unit)
        let code = state.tree[unit].code
        // An office reviews the month its units have just handed in.
        let month: Period
        if let m = try request.monthQuery() { month = m } else { month = try await FormService(state: state).workingMonth(unit: code).previous }
        let published = await state.templates()
        let catalog = published.catalog
        let rows = try await completeness.rows(published, unit: unit, month: month)
        // Above one page of units only the tallies are shown: their thirteen months are not read.
        let strips = rows.count > ReviewPageModel.listLimit ? [:] : try await completeness.strips(catalog: catalog, rows: rows, month: month)
        let model = ReviewPageModel(unit: unit, month: month, tree: state.tree, catalog: catalog, rows: rows,
                                    tallies: completeness.tallies(rows, unit: unit, month: month), strips: strips,
                                    actor: { state.actor(user, on: $0) })
        return try page("\(state.tree[unit].name) \(month.chinese)填报情况", "review", model, user: user)
    }
}
