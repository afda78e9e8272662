import BBTAPI
import BBTEngine

/// What filling really cost over a year, month by month: the API's answer for each month
/// (`BurdenAnswer`) and the bars of the chart (typed, checked, carried stacked per form, the
/// hand-filled baseline as a mark), in the SVG's own coordinates.
struct BurdenPageModel: PageModel {
    let unitName: String
    let unit: String
    let year: Int
    let previousYear: Int
    let nextYear: Int
    let months: [Month]
    /// The chart's size and the value of its top line.
    let width: Int
    let height: Int
    let top: Int
    let hasData: Bool

    struct Month: Encodable {
        let burden: BurdenAnswer
        let label: String
        let x: Int
        let barWidth: Int
        let typed: Bar
        let checked: Bar
        let carried: Bar
        /// The baseline's mark, and where its number sits.
        let baselineY: Int
        let markEnd: Int
        let minutes: String
        let perForm: String
    }

    struct Bar: Encodable {
        let y: Int
        let height: Int
    }
}

extension BurdenPageModel {
    static let chartHeight = 180, slot = 48, bar = 28

    init(_ months: [MeasuredBurden], unit: String, unitName: String, year: Int) {
        self.unit = unit
        self.unitName = unitName
        self.year = year
        previousYear = year - 1
        nextYear = year + 1
        let h = BurdenPageModel.chartHeight
        let largest = months.map { m in max(Double(m.manualBaseline), m.perForm.map { $0.typed + $0.checked + $0.carried } ?? 0) }.max() ?? 0
        let scale = largest > 0 ? Double(h) / largest : 0
        top = Int(largest.rounded())
        width = months.count * BurdenPageModel.slot
        height = h
        hasData = months.contains { $0.perForm != nil || $0.medianMinutes != nil }
        self.months = months.enumerated().map { i, m in
            let x = i * BurdenPageModel.slot + (BurdenPageModel.slot - BurdenPageModel.bar) / 2
            var bottom = Double(h)
            func bar(_ value: Double) -> Bar {
                let height = value * scale
                bottom -= height
                return Bar(y: Int(bottom.rounded()), height: Int(height.rounded()))
            }
            let p = m.perForm ?? (0, 0, 0)
            let typed = bar(p.typed), checked = bar(p.checked), carried = bar(p.carried)
            func number(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(format: "%.1f", d) }
            return Month(burden: BurdenAnswer(m, unit: unit), label: "\(m.month.months.lowerBound)月", x: x, barWidth: BurdenPageModel.bar,
                         typed: typed, checked: checked, carried: carried,
                         baselineY: Int((Double(h) - Double(m.manualBaseline) * scale).rounded()), markEnd: x + BurdenPageModel.bar,
                         minutes: m.medianMinutes.map { "\(number($0)) 分钟 (p90 \(number(m.p90Minutes ?? $0)))" } ?? "—",
                         perForm: m.perForm.map { "手工 \(number($0.typed)) · 核对 \(number($0.checked)) · 沿用 \(number($0.carried))" } ?? "—")
        }
    }
}
