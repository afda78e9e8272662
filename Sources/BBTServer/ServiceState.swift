import BBTEngine
import BBTStore
import BBTTemplates

/// What every request shares: the store, the unit tree and the published catalog.
public final class ServiceState: Sendable {
    public let store: any Store
    public let tree: UnitTree
    let scope: Scope
    let loginThrottle = LoginThrottle()
    private let published: PublishedTemplates

    init(store: any Store, tree: UnitTree, templates: Published) {
        self.store = store
        self.tree = tree
        self.scope = Scope(tree: tree)
        self.published = PublishedTemplates(templates)
    }

    func templates() async -> Published { await published.current }

    func publish(_ templates: Published) async { await published.set(templates) }

    /// The unit of a path segment, or 404.
    func unit(_ code: String) throws -> Int {
        guard let u = tree.index(of: code) else { throw APIError.notFound("没有单位 \(code)") }
        return u
    }
}

/// A compiled, published template set.
struct Published: Sendable {
    let version: Int
    let catalog: Catalog
    let files: [String: String]
    let publishedAt: String
    let publishedBy: String
}

actor PublishedTemplates {
    private(set) var current: Published
    init(_ p: Published) { current = p }
    func set(_ p: Published) { current = p }
}

extension Published {
    /// Compiles stored files; the service only ever publishes sets without errors.
    static func compile(_ files: [String: String]) -> Compilation {
        Compiler.compile(TemplateSources(files.map { SourceFile(path: $0.key, text: $0.value) }))
    }
}
