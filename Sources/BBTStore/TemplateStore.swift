import BBTEngine
import BBTTemplates

/// Published template versions, newest last; a version is never changed once stored.
public protocol TemplateStore: Sendable {
    func latestTemplates() async throws -> TemplateVersion?

    func templateHistory() async throws -> [(version: Int, publishedAt: Instant, publishedBy: String)]

    @discardableResult
    func publishTemplates(files: [String: String], by user: String, at: Instant) async throws -> Int
}
