import BBTEngine
import BBTNumber
import BBTStore
import BBTTemplates
import BBTTestSupport
import Foundation
import Testing

/// Template versions.
extension StoreConformanceTests {
    // MARK: Templates

    @Test(arguments: StoreFactory.all)
    func publishedTemplatesAreNumberedFromOneAndTheLatestComesBackExactly(_ factory: StoreFactory) async throws {
        let store = try await factory.make()
        let first = [
            "a.bbt": "field pop \"常住人口\" int stock\n",
            "报表/b.bbt": "report R \"表\" {\n  form_no \"测01表\"\n}\n",
        ]
        let long = (1...2_000).map { "field f\($0) \"字段\($0)\" int stock" }.joined(separator: "\n")
        let second = [
            "a.bbt": "field pop \"常住人口（人）\" int stock\n",
            "sub/dir/c.bbt": "  leading and trailing spaces  \n\n\ttab\r\nCRLF \"quotes\" \\ backslash 'single' 😀 𠀀\n",
            "long.bbt": long,
            "empty.bbt": "",
        ]
        #expect(try await store.publishTemplates(files: first, by: "admin", at: F.time(1)) == 1)
        #expect(try await store.publishTemplates(files: second, by: "管理员", at: F.time(2)) == 2)
        let published = try await store.latestTemplates()
        let latest = try #require(published)
        #expect(latest.version == 2)
        // Exactly the files of the last publication: none of the first's is left over ("报表/b.bbt").
        #expect(latest.files == second)
        #expect(latest.publishedAt == F.time(2))
        #expect(latest.publishedBy == "管理员")
        let history = try await store.templateHistory().map { "\($0.version) \($0.publishedAt) \($0.publishedBy)" }
        #expect(history == ["1 \(F.time(1)) admin", "2 \(F.time(2)) 管理员"])
        #expect(try await store.publishTemplates(files: first, by: "admin", at: F.time(3)) == 3)
        #expect(try await store.latestTemplates()?.files == first)
        #expect(try await store.templateHistory().map(\.version) == [1, 2, 3])
    }
}
