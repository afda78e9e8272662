import ArgumentParser
import BBTEngine
import BBTNumber
import Foundation

/// `bbt bench json`: the API's answers through `JSONValueEncoder` against the same tree built by
/// hand, on the shape of a city total's drill-down (a row per community with its inputs).
struct BenchJSON: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "json",
        abstract: "Encode ROWS drill-down rows with JSONValueEncoder and by hand; print the times as JSON.")

    @Option var rows = 3_000
    @Option var runs = 20

    struct Row: Encodable {
        let unit: String
        let name: String
        let status: String
        let explanation: String?
        let values: JSONObject<Value?>
    }

    func run() throws {
        guard rows > 0, runs > 0 else { throw Console.usage("--rows 和 --runs 应为正数") }
        let data = (0..<rows).map { i -> Row in
            let births: Value? = i % 7 == 0 ? nil : .number(Number(i % 13))
            let values: [(key: String, value: Value?)] = [
                ("pop_resident", .number(Number(4_000 + i))), ("households", .number(Number(1_500 + i))), ("ytd(births)", births),
            ]
            return Row(unit: "510104\(100_000 + i)", name: "第\(i)社区", status: "submitted",
                       explanation: i % 10 == 0 ? "说明" : nil, values: JSONObject(values))
        }
        func byHand() -> JSONValue {
            .array(data.map { r -> JSONValue in
                let values: [(String, JSONValue)] = r.values.members.map { ($0.key, $0.value?.json ?? .null) }
                return .object([("unit", .string(r.unit)), ("name", .string(r.name)), ("status", .string(r.status)),
                         ("explanation", .optional(r.explanation)),
                         ("values", .object(values))])
            })
        }
        func best(_ body: () throws -> Void) rethrows -> Double {
            var out = Double.infinity
            for _ in 0..<runs {
                let start = Date()
                try body()
                out = min(out, Date().timeIntervalSince(start))
            }
            return out
        }
        let encoder = JSONValueEncoder()
        guard try encoder.encode(data) == byHand() else { throw ValidationError("the encoder and the hand-built tree differ") }
        let encoded = try best { _ = try encoder.encode(data) }
        let hand = best { _ = byHand() }
        let written = try best { _ = try encoder.encode(data).bytes() }
        let handWritten = best { _ = byHand().bytes() }
        print(#"{"rows": \#(rows), "encoderMs": \#(ms(encoded)), "byHandMs": \#(ms(hand)), "encodeAndWriteMs": \#(ms(written)), "byHandAndWriteMs": \#(ms(handWritten))}"#)
    }

    func ms(_ s: Double) -> String { String(format: "%.2f", s * 1000) }
}
