import BBTEngine
import BBTNumber
import Testing

/// The API's one JSON type: answers encoded in declared order with nulls kept and exact numbers,
/// requests decoded with each problem naming its member.
@Suite struct JSONCodingTests {
    struct Answer: Encodable {
        let zeta: Int
        let alpha: String
        let missing: String?
        let value: Value?
        let items: [Item]
        let ratio: Double
        struct Item: Encodable { let id: String; let on: Bool }
    }

    @Test func answersKeepTheirOrderTheirNullsAndExactNumbers() throws {
        let a = Answer(zeta: 3, alpha: "中文 \"引号\"\n", missing: nil, value: .number(Number("12345678901234567890.125")!),
                       items: [.init(id: "a", on: true), .init(id: "b", on: false)], ratio: 0.5)
        let json = try JSONValueEncoder().encode(a)
        #expect(json.serialized(pretty: false)
            == #"{"zeta":3,"alpha":"中文 \"引号\"\n","missing":null,"value":12345678901234567890.125,"items":[{"id":"a","on":true},{"id":"b","on":false}],"ratio":0.5}"#)
    }

    @Test func valuesAreTheirOwnJSON() throws {
        #expect(try JSONValueEncoder().encode([Value.text("x"), .bool(true), .date(LocalDate("2023-06-30")!), .number(Number("-0.50")!)])
            .serialized(pretty: false) == #"["x",true,"2023-06-30",-0.5]"#)
        #expect(JSONValue.double(.infinity) == .null)
    }

    struct Edit: Decodable, Equatable {
        let version: Int
        let submit: Bool?
        let values: JSONValue
        let notes: [String]?
    }

    @Test func requestsDecodeWithExactNumbersAndNamedProblems() throws {
        let body = try JSONParser.parse(Array(#"{"version": 4, "values": {"pop": 15584.10, "b": null}, "notes": ["x"]}"#.utf8))
        let edit = try JSONValueDecoder().decode(Edit.self, from: body)
        #expect(edit == Edit(version: 4, submit: nil, values: .object([("pop", .number("15584.10")), ("b", .null)]), notes: ["x"]))

        func problem(_ text: String) throws -> RequestProblem? {
            do {
                _ = try JSONValueDecoder().decode(Edit.self, from: try JSONParser.parse(Array(text.utf8)))
                return nil
            } catch let e as RequestProblem {
                return e
            }
        }
        #expect(try problem(#"{"values": {}}"#) == RequestProblem(member: "version", message: "缺少这一项"))
        #expect(try problem(#"{"version": "4", "values": {}}"#) == RequestProblem(member: "version", message: "应为整数"))
        #expect(try problem(#"{"version": 4.5, "values": {}}"#) == RequestProblem(member: "version", message: "应为整数"))
        #expect(try problem(#"{"version": 4, "submit": 1, "values": {}}"#) == RequestProblem(member: "submit", message: "应为是或否 (true 或 false)"))
        #expect(try problem(#"{"version": 4, "values": {}, "notes": ["a", 2]}"#) == RequestProblem(member: "notes[1]", message: "应为文字"))
        #expect(try problem(#"[1]"#)?.member == "")
    }
}
