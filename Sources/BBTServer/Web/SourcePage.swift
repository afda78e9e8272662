import BBTAPI
import BBTEngine
import BBTRender
import BBTStore
import BBTTemplates
import Foundation
import Hummingbird
import NIOCore

/// A department's page (数据回流): upload, and the communities' corrections of a month.
extension WebRoutes {
    func sourcePage(_ request: Request, _ context: PageContext) async throws -> Response {
        let user = context.user
        let month = try request.monthQuery() ?? state.clock.currentMonth().previous
        let (source, catalog, differences) = try await SourceService(state: state).corrections(of: try context.parameter("source"),
                                                                                                month: month, for: user)
        let id = source.id
        let tree = state.tree
        let model = SourcePageModel(
            sourceId: id, sourceName: source.name, canUpload: SourceAccess.may(.upload, role: user.role, ownSource: user.source, source: id),
            month: month.description, monthLabel: month.chinese, prevMonth: month.previous.description, nextMonth: month.next.description,
            picker: MonthPicker(param: "month", value: month.description),
            fields: catalog.declaredFields.filter { $0.source == id }.map { f in
                let cells = catalog.breakdowns[f.id]?.allCells.map(\.key) ?? []
                let frequency = catalog.frequency(of: cells.first ?? f.id, at: catalog.lowestFillingLevel, in: month)
                return SourcePageModel.SuppliedField(
                    id: f.id, label: f.label,
                    period: frequency.map { "按\($0.chinese)采集, 报告期如 \(month.containing($0))" } ?? "本月不采集",
                    cells: cells)
            },
            differences: differences.map { d in
                SourcePageModel.Difference(
                    difference: CorrectionAnswer(d, unitName: tree.index(of: d.unit).map { tree[$0].name }, fieldLabel: catalog.field(d.field)?.label),
                    provided: d.provided.plainText, value: d.value.plainText, by: d.by.map(WebRoutes.person))
            })
        return try page("\(source.name) 数据回流", "source", model, user: user)
    }
}
