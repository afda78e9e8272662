import BBTEngine
import Foundation
import BBTStore
import BBTTemplates

/// What every request shares: the store, the unit tree, the published catalog and the clock.
public final class ServiceState: Sendable {
    public let store: any Store
    /// The unit tree of the current month (names, parents and who belongs where as they are now;
    /// every unit that ever existed keeps its index): permissions and pages use it, and `tree.at(period)`
    /// gives a period's tree for its reports. Replaced whole when an admin changes a unit.
    public var tree: UnitTree { treeBox.current(at: clock.now()) }
    private let treeBox: TreeBox
    public let clock: any ServiceClock
    let loginThrottle: LoginThrottle
    private let published: PublishedTemplates
    /// Sends 催报 to webhooks, outside the requests that make them.
    public let deliverer: WebhookDeliverer
    /// `--read-db`: the hot standby that reports, drill-downs and status pages read from.
    public let replica: ReadReplica?
    /// Streets' partial aggregates kept between reports.
    let partials = PartialReports()
    /// Each form's missing required fields, kept while its version stands (completeness).
    let missingFields = MissingFields()
    /// Whether merged reports use `partials` and completeness `missingFields` (`--no-partials` turns
    /// both off for comparisons).
    let keepPartials: Bool

    init(store: any Store, tree: UnitTree, templates: Published, clock: any ServiceClock, marks: ChangeMarks, deliverer: WebhookDeliverer,
         replica: ReadReplica? = nil, keepPartials: Bool = true) {
        self.store = store
        self.keepPartials = keepPartials
        self.deliverer = deliverer
        self.replica = replica
        self.treeBox = TreeBox(tree)
        self.clock = clock
        self.loginThrottle = LoginThrottle(store: store)
        self.published = PublishedTemplates(templates, marks: marks)
    }

    func templates() async -> Published { await published.current }

    /// Reads for reports, drill-downs and status pages: from the standby (`--read-db`) when it is
    /// usable, else from the primary; a user's own form and every write never come here.
    func reading<R: Sendable>(_ body: @Sendable @escaping (any Store) async throws -> R) async throws -> R {
        if let replica { return try await replica.read(body) }
        return try await body(store)
    }

    /// Reads the units again after an admin changed them.
    func reloadUnits() async throws {
        treeBox.replace(UnitTree.stored(try await store.units(), changes: try await store.unitChanges()))
    }

    func publish(_ templates: Published) async { await published.set(templates) }

    /// Takes over what another server sharing the store changed since this one last looked: a newer
    /// template version is compiled and served, a changed unit tree read again. Cheap when nothing
    /// changed (one query); the watcher calls it every second.
    func catchUp() async throws {
        let marks = try await store.changeMarks()
        let seen = await published.marks
        guard marks != seen else { return }
        // Another server only publishes sets without errors; a set this build cannot compile (a newer
        // server's language) is not served rather than half-served.
        if let version = marks.templateVersion, version > (await published.current.version),
           let stored = try await store.latestTemplates(), let newer = Published(stored) {
            await published.set(newer)
        }
        if marks.adminChange != seen.adminChange { try await reloadUnits() }
        await published.saw(marks)
    }

    /// The unit of a path segment, or 404.
    func unit(_ code: String) throws -> Int {
        guard let u = tree.index(of: code) else { throw APIError.notFound("没有单位 \(code)") }
        return u
    }

    /// `user` acting on `unit`: the value every permission is decided on.
    func actor(_ user: UserRecord, on unit: Int) -> Actor {
        Actor(role: user.role, relation: tree.relation(of: unit, from: tree.index(of: user.unit)))
    }

    /// 404 when the unit did not exist in the period's last month (opened later, or closed before).
    func requireExists(_ unit: Int, in period: Period) throws {
        guard tree.exists(unit, in: period) else {
            throw APIError.notFound("\(tree[unit].name) (\(tree[unit].code)) 在 \(period) 不存在 (尚未设立或已撤并)")
        }
    }

    /// 403 unless `user`'s role may do `capability` (`Capability`: templates, units, users, the
    /// catalogue, the audit, an office's view).
    func require(_ capability: Capability, of user: UserRecord) throws {
        guard user.role.may(capability) else { throw APIError.forbidden }
    }

    /// 403 unless `user` may read `unit`.
    func requireRead(_ user: UserRecord, unit: Int) throws {
        guard actor(user, on: unit).mayRead else { throw APIError.forbidden }
    }
}

/// A compiled, published template set, with what every save of it would otherwise work out again:
/// its rules compiled and the one form of each month and level.
struct Published: Sendable {
    let version: Int
    let catalog: Catalog
    let files: [String: String]
    let publishedAt: Instant
    let publishedBy: String
    let rules: RuleBook
    let forms: FormLayouts

    init(version: Int, catalog: Catalog, files: [String: String], publishedAt: Instant, publishedBy: String) {
        self.version = version
        self.catalog = catalog
        self.files = files
        self.publishedAt = publishedAt
        self.publishedBy = publishedBy
        rules = RuleBook(catalog: catalog)
        forms = FormLayouts(catalog: catalog, rules: rules)
    }
}

/// The one form of a month and level and the history its rules read, made once per published
/// version (a save made them on every request: docs/performance.md).
final class FormLayouts: @unchecked Sendable {
    struct Layout {
        let form: OneForm
        let historyNeeded: (fields: [String], periods: [Period])
    }

    private let catalog: Catalog
    private let rules: RuleBook
    private let lock = NSLock()
    private var made: [Key: Layout] = [:]
    private struct Key: Hashable { let month: Period, level: Level }
    /// Months × levels is small for any real use; the bound only stops odd requests from growing it.
    private static let limit = 2_000

    init(catalog: Catalog, rules: RuleBook) {
        self.catalog = catalog
        self.rules = rules
    }

    func layout(month: Period, level: Level) -> Layout {
        let key = Key(month: month, level: level)
        if let known = lock.withLock({ made[key] }) { return known }
        let form = OneForm(catalog: catalog, month: month, level: level)
        let layout = Layout(form: form, historyNeeded: rules.historyNeeded(form: form))
        lock.withLock {
            if made.count >= FormLayouts.limit { made.removeAll() }
            made[key] = layout
        }
        return layout
    }
}

actor PublishedTemplates {
    private(set) var current: Published
    /// The store's change marks when this server last caught up with it.
    private(set) var marks: ChangeMarks
    init(_ p: Published, marks: ChangeMarks) {
        current = p
        self.marks = marks
    }
    /// A version is only ever replaced by a newer one, whichever server's publish arrives first.
    func set(_ p: Published) { if p.version > current.version { current = p } }
    func saw(_ m: ChangeMarks) { marks = m }
}

extension Published {
    /// A stored version compiled, or `nil` when it has errors.
    init?(_ stored: TemplateVersion) {
        let c = Published.compile(stored.files)
        guard !c.hasErrors else { return nil }
        self.init(version: stored.version, catalog: c.catalog, files: stored.files, publishedAt: stored.publishedAt,
                  publishedBy: stored.publishedBy)
    }

    /// Compiles stored files; the service only ever publishes sets without errors.
    static func compile(_ files: [String: String]) -> Compilation {
        Compiler.compile(TemplateSources(files.map { SourceFile(path: $0.key, text: $0.value) }))
    }
}

/// The tree behind a lock: read by every request, replaced whole (never edited in place) by the
/// rare unit change, so a request sees one consistent tree.
final class TreeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var tree: UnitTree
    /// The tree of one month and the instants that month spans in China: most reads of `tree` (a
    /// report reads it once per stored value) only compare two dates.
    private var cached: (from: Date, until: Date, tree: UnitTree)?
    init(_ tree: UnitTree) { self.tree = tree }

    func current(at now: Date) -> UnitTree {
        lock.withLock {
            if let c = cached, c.from <= now, now < c.until { return c.tree }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(secondsFromGMT: Timestamp.china)!
            let c = calendar.dateComponents([.year, .month], from: now)
            let from = calendar.date(from: c)!
            let until = calendar.date(byAdding: .month, value: 1, to: from)!
            let t = tree.at(month: MonthNumber.of(year: c.year!, month: c.month!))
            cached = (from, until, t)
            return t
        }
    }

    func replace(_ newTree: UnitTree) {
        lock.withLock {
            tree = newTree
            cached = nil
        }
    }
}
