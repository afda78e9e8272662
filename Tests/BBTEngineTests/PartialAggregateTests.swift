import BBTNumber
import BBTEngine
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

/// Partial aggregates (issue 26): a street's (or district's) merge of a report's inputs, kept and
/// taken instead of its filling units, gives the table every unit's values give — for random
/// trees, forms with empty values, every merge rule, time functions and computed columns above.
@Suite struct PartialAggregateTests {
    static let templates = """
        field pop "常住人口" int stock
        field done "完工数" int flow
        field score "满意度" decimal(1) stock merge avg
        field low "最低水位" decimal(2) stock merge min
        field high "最高水位" int stock merge max
        field ok "达标" bool stock
        field kind "类型" choice("城镇", "农村") merge none
        report Q "季报" {
          form_no "测01表"
          authority "测试机关"
          every quarter  due 10  filled_by community
          column "pop" = pop
          column "done" = done
          column dytd "本年累计" = ytd(done)
          column dprev "上期" = prev(done)
          column "score" = score
          column "low" = low
          column "high" = high
          column "ok" = ok
          column "kind" = kind
          column per "户均" = done / pop
          column share "占比" = pct(done, pop)
        }
        report M "月报" {
          form_no "测02表"
          authority "测试机关"
          every month  due 5  filled_by community
          column "pop" = pop
          column "done" = done
          column "score" = score
          column share "占比" = pct(done, pop)
        }

        """

    /// A city of random districts, streets and communities (some communities right under a district),
    /// or a province of one to three such cities.
    static func world(_ rng: inout some RandomNumberGenerator) -> World {
        let province = Bool.random(using: &rng)
        var csv = "code,name,level,parent\n" + (province ? "5,省,province,\n" : "")
        var communities: [String] = []
        for c in 1...(province ? Int.random(in: 1...3, using: &rng) : 1) {
            let city = province ? "5\(c)" : "51"
            csv += "\(city),市\(c),city,\(province ? "5" : "")\n"
            for d in 1...Int.random(in: 1...3, using: &rng) {
                let district = "\(city)\(d)"
                csv += "\(district),区\(d),district,\(city)\n"
                for s in 1...Int.random(in: 1...4, using: &rng) {
                    let street = "\(district)\(s)"
                    csv += "\(street),街道\(s),street,\(district)\n"
                    for c in 0..<Int.random(in: 0...5, using: &rng) {
                        csv += "\(street)0\(c),社区\(c),community,\(street)\n"
                        communities.append("\(street)0\(c)")
                    }
                }
                if Bool.random(using: &rng) {
                    csv += "\(district)99,直属社区,community,\(district)\n"
                    communities.append("\(district)99")
                }
            }
        }
        var w = World(templates, units: csv)
        for c in communities {
            for m in 1...6 {
                let month = "2023-0\(m)"
                func maybe(_ field: String, _ value: Value) {
                    if Int.random(in: 0..<10, using: &rng) < 8 { w.set(c, field, month, value) }
                }
                maybe("pop", .number(Number(mantissa: Int64.random(in: 0...5000, using: &rng), scale: 0)))
                maybe("done", .number(Number(mantissa: Int64.random(in: 0...40, using: &rng), scale: 0)))
                maybe("score", .number(Number(mantissa: Int64.random(in: 0...100, using: &rng), scale: 1)))
                maybe("low", .number(Number(mantissa: Int64.random(in: -500...500, using: &rng), scale: 2)))
                maybe("high", .number(Number(mantissa: Int64.random(in: 0...90, using: &rng), scale: 0)))
                maybe("ok", .bool(Bool.random(using: &rng)))
                maybe("kind", .text(Bool.random(using: &rng) ? "城镇" : "农村"))
            }
        }
        return w
    }

    @Test func reportsFromPartialsEqualReportsFromEveryUnit() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let w = Self.world(&rng)
            let (id, period) = [("Q", "2023-Q2"), ("Q", "2023-Q1"), ("M", "2023-06"), ("M", "2023-03")].randomElement(using: &rng)!
            let p = Period(period)!
            let tree = w.tree.at(p)
            let builder = ReportBuilder(catalog: w.catalog, tree: tree, values: w.values)
            let report = w.catalog.report(id)!
            // Partials for a random choice of streets and districts, as a cache holds some.
            var partials: [Int: RowMerge] = [:]
            for u in tree.units.indices where tree[u].level > .community && tree[u].parent != nil && Bool.random(using: &rng) {
                partials[u] = builder.partial(report: report, period: p, under: u)
            }
            let targets = tree.units.indices.filter { tree[$0].level > .street }
            for target in targets {
                let full = try builder.table(report: report, period: p, unit: target)
                let fromPartials = try builder.table(report: report, period: p, unit: target, partials: partials)
                #expect(w.cells(fromPartials) == w.cells(full), "\(id) \(period) \(tree[target].code), partials at \(partials.keys.map { tree[$0].code }.sorted())")
                #expect(fromPartials.total == full.total && fromPartials.rows.map(\.values) == full.rows.map(\.values))
            }
            // A partial counts the filling units below it.
            for (u, partial) in partials {
                #expect(partial.units == tree.units(at: .community, under: u).count)
            }
        }
    }
}
