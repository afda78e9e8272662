import BBTServer
import BBTTestSupport
import Foundation
import Hummingbird
import Testing

/// The contract in the repo: `docs/openapi.yaml` names every route the router registers, the JSON
/// the service serves is that document, and what the service answers for the demo seed — a handful
/// of representative calls, kept as golden files so that a changed key is a visible diff — fits the
/// schemas the document gives for those answers.
@Suite struct OpenAPITests {
    static var document: [String: Any] {
        let url = URL(fileURLWithPath: TestTools.path("Sources/BBTServer/Pages/openapi.json"))
        return (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any] ?? [:]
    }

    static var paths: [String: [String: Any]] { document["paths"] as? [String: [String: Any]] ?? [:] }

    @Test func everyRouteTheRouterRegistersIsInTheDocument() async throws {
        try await TestService.with { s async throws in
            let routes = Server.router(s.state).routes
            #expect(routes.count > 40)
            var missing: [String] = []
            for route in routes {
                // A registered `:name` is described `{name}`, as OpenAPI writes it.
                let path = route.path.description
                if OpenAPITests.paths[path]?[route.method.rawValue.lowercased()] == nil { missing.append("\(route.method) \(path)") }
            }
            #expect(missing.isEmpty, "not in docs/openapi.yaml: \(missing)")
        }
    }

    /// The JSON beside the pages is `scripts/openapi-json` of the YAML: nobody edits one without the other.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
    func theServedDocumentIsTheYAMLAsJSON() async throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        p.arguments = [TestTools.path("scripts/openapi-json"), TestTools.path("docs/openapi.yaml")]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "scripts/openapi-json failed (python3-yaml missing?)")
        let committed = try Data(contentsOf: URL(fileURLWithPath: TestTools.path("Sources/BBTServer/Pages/openapi.json")))
        #expect(data == committed, "run scripts/openapi-json > Sources/BBTServer/Pages/openapi.json")
        try await TestService.with { s async throws in
            let served = try await s.request("GET", "/api/v1/openapi.json")
            #expect(served.status == 200 && served.body == committed)
        }
    }

    /// One call and the operation whose answer it is.
    struct Call: Sendable {
        let name: String
        let method: String
        let path: String
        /// The path as the document writes it.
        let template: String
        let user: String?
        /// The request's JSON.
        var body: String? = nil
        var status = 200
    }

    static let calls: [Call] = [
        Call(name: "login", method: "POST", path: "/api/v1/login", template: "/api/v1/login", user: nil,
             body: #"{"username": "c002003", "password": "demo1234"}"#),
        Call(name: "form", method: "GET", path: "/api/v1/units/510104002003/forms/2023-06", template: "/api/v1/units/{code}/forms/{month}",
             user: "c002003"),
        Call(name: "save", method: "PUT", path: "/api/v1/units/510104002003/forms/2023-06", template: "/api/v1/units/{code}/forms/{month}",
             user: "c002003", body: #"{"version": 0, "values": {"pop_resident": 4800}}"#),
        Call(name: "save-bad-version", method: "PUT", path: "/api/v1/units/510104002003/forms/2023-06",
             template: "/api/v1/units/{code}/forms/{month}", user: "c002003", body: #"{"version": "x", "values": {}}"#, status: 400),
        Call(name: "status", method: "GET", path: "/api/v1/units/510104002/status/2023-06", template: "/api/v1/units/{code}/status/{month}",
             user: "street2"),
        Call(name: "cell", method: "GET", path: "/api/v1/units/510104/reports/SZ01/2023-Q2/cells/total/pop_resident",
             template: "/api/v1/units/{code}/reports/{id}/{file}/cells/{row}/{key}", user: "jinjiang"),
        Call(name: "catalog", method: "GET", path: "/api/v1/catalog", template: "/api/v1/catalog", user: "admin"),
        Call(name: "users", method: "GET", path: "/api/v1/users", template: "/api/v1/users", user: "admin"),
        Call(name: "audit", method: "GET", path: "/api/v1/audit?unit=510104001002&month=2023-06", template: "/api/v1/audit", user: "jinjiang"),
        Call(name: "check", method: "POST", path: "/api/v1/templates/check", template: "/api/v1/templates/check", user: "admin",
             body: #"{"files": {"a.bbt": "field x \"某数\" int stock\nreport R \"表\" every month filled_by community\n  column \"某数\" = y\n"}}"#),
        Call(name: "remind", method: "POST", path: "/api/v1/units/510104002/reminders", template: "/api/v1/units/{code}/reminders",
             user: "street2", body: #"{"month": "2023-06", "message": "今天下班前"}"#, status: 201),
        Call(name: "reminders", method: "GET", path: "/api/v1/reminders?month=2023-06&unit=510104002", template: "/api/v1/reminders", user: "street2"),
        Call(name: "notices", method: "GET", path: "/api/v1/me/notices", template: "/api/v1/me/notices", user: "c002003"),
        Call(name: "forbidden", method: "GET", path: "/api/v1/units/510104001001/forms/2023-06", template: "/api/v1/units/{code}/forms/{month}",
             user: "c002003", status: 403),
    ]

    @Test func answersForTheDemoSeedKeepTheirShapeAndFitTheirSchemas() async throws {
        try await TestService.with { s async throws in
            let validator = SchemaValidator(document: OpenAPITests.document)
            for call in OpenAPITests.calls {
                var token: String?
                if let user = call.user { token = try await s.login(user, user == "admin" ? "admin123" : "demo1234") }
                let reply = try await s.request(call.method, call.path, token: token, raw: call.body.map { Data($0.utf8) },
                                                contentType: call.body == nil ? nil : "application/json")
                #expect(reply.status == call.status, "\(call.name): \(reply.text.prefix(300))")
                let answer = try JSONSerialization.jsonObject(with: reply.body, options: [.fragmentsAllowed])
                let operation = OpenAPITests.paths[call.template]?[call.method.lowercased()] as? [String: Any]
                let response = (operation?["responses"] as? [String: Any])?["\(call.status)"]
                let schema = ((((response as? [String: Any]).flatMap { $0["$ref"] as? String }.flatMap(validator.resolve) ?? response)
                    as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any]
                try #require(schema?["schema"] != nil, "\(call.name): no JSON schema for \(call.method) \(call.template) \(call.status)")
                let problems = validator.problems(answer, against: schema!["schema"]!)
                #expect(problems.isEmpty, "\(call.name): \(problems.prefix(10))")
                Golden.check(OpenAPITests.golden(answer), against: "answers", "\(call.name).json")
            }
        }
    }

    /// Pretty, keys sorted, the session token hidden: what a reviewer reads in a diff.
    static func golden(_ answer: Any) -> String {
        var value = answer
        if var object = value as? [String: Any], object["token"] is String {
            object["token"] = "(token)"
            value = object
        }
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .fragmentsAllowed])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
