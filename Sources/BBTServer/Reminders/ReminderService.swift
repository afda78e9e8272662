import BBTEngine
import BBTStore
import BBTTemplates
import Foundation

/// 催报: a reviewer's reminders to units that have not submitted, the automatic ones before and
/// after the deadline, and what became of each (notices on the unit's to-do, deliveries to the
/// nearest webhook at or above the unit).
struct ReminderService {
    let state: ServiceState

    /// A reminder as planned: stored and sent unless it is a dry run or was sent before.
    struct Planned: Sendable {
        let notice: NoticeRecord
        let unitName: String
        /// `false` when an automatic one for this unit, month and kind already exists (or a dry run).
        let stored: Bool
        let webhook: WebhookRecord?
    }

    /// A reviewer's 催报 to `units` below `office` (default: every unit below that fills a form for
    /// `month` and has not submitted it). The webhooks are called after the answer, never inside it.
    func remind(by user: UserRecord, office code: String, month: Period, units requested: [String]?, message: String?) async throws -> [Planned] {
        let office = try state.unit(code)
        try CompletenessService(state: state).require(user, reviews: office)
        guard month.frequency == .month else { throw APIError.badRequest("month 应为 YYYY-MM", member: "month") }
        let catalog = await state.templates().catalog
        let tree = state.tree.at(month)
        var targets: [(unit: Int, due: LocalDate?)] = []
        let forms = try await formsBelow(catalog: catalog, under: office, month: month)
        if let requested {
            var problems: [(String, String)] = []
            for code in requested {
                guard let u = tree.index(of: code), u != office, tree.isWithin(u, office) else {
                    problems.append(("units", "\(code) 不是 \(tree[office].name) 下属的单位"))
                    continue
                }
                guard let form = forms[u] else {
                    problems.append(("units", "\(tree[u].name) (\(code)) 在 \(month.chinese) 没有要填的表单"))
                    continue
                }
                guard !form.handedIn else {
                    problems.append(("units", "\(tree[u].name) (\(code)) 已上报\(month.chinese)的表单, 不必催报"))
                    continue
                }
                targets.append((u, form.due))
            }
            if !problems.isEmpty { throw APIError(.unprocessableContent, "invalid_units", "有单位不能催报", fields: problems) }
        } else {
            targets = forms.filter { !$0.value.handedIn }.sorted { tree[$0.key].code < tree[$1.key].code }.map { ($0.key, $0.value.due) }
        }
        let extra = message?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard extra.count <= 500 else { throw APIError(.unprocessableContent, "invalid_message", "附言太长", fields: [("message", "附言不能超过 500 字")]) }
        let from = tree[office].name
        var planned: [Planned] = []
        let hooks = Webhooks(try await state.store.webhooks(), tree: state.tree)
        for (u, due) in targets {
            let text = ReminderText.manual(unit: tree[u].name, month: month, due: due, from: from, message: extra)
            let notice = NoticeRecord(unit: tree[u].code, month: month, kind: .manual, due: due?.description, message: text,
                                      sender: user.username, at: state.clock.instant())
            planned.append(try await store(notice, unit: u, hooks: hooks, dryRun: false))
        }
        if planned.contains(where: { $0.webhook != nil }) { state.deliverer.kick() }
        return planned
    }

    /// The day's automatic reminders (`bbt remind`, and the service once an hour): every filling
    /// unit whose form of a month is due within the next 3 days (`before`) or was due yesterday
    /// (`overdue`) and is not submitted, once per unit, month and kind however often it runs.
    func automatic(on day: LocalDate, dryRun: Bool) async throws -> [Planned] {
        let catalog = await state.templates().catalog
        let hooks = Webhooks(try await state.store.webhooks(), tree: state.tree)
        let current = Period.month(day.year, day.month)
        var planned: [Planned] = []
        for month in [current.previous, current] {
            for level in catalog.fillingLevels {
                guard let due = catalog.formDue(month: month, level: level) else { continue }
                let left = day.days(until: due)
                let kind: NoticeKind
                switch left {
                case 0...3: kind = .before
                case -1: kind = .overdue
                default: continue
                }
                let tree = state.tree.at(month)
                let units = tree.units.indices.filter { tree[$0].level == level && tree.exists($0, in: month) }
                let codes = units.map { tree[$0].code }
                let states = try await state.store.formStates(units: codes, month: month)
                // Those sent by an earlier run are reported, not inserted again (the hourly runs).
                let sent = Dictionary(try await state.store.notices(units: codes, month: month).filter { $0.kind == kind }.map { ($0.unit, $0) },
                                      uniquingKeysWith: { a, _ in a })
                for u in units where !(states[tree[u].code]?.status.isHandedIn ?? false) {
                    if let old = sent[tree[u].code] {
                        planned.append(Planned(notice: old, unitName: tree[u].name, stored: false, webhook: hooks.nearest(u)))
                        continue
                    }
                    let text = kind == .before
                        ? ReminderText.before(unit: tree[u].name, month: month, due: due, daysLeft: left)
                        : ReminderText.overdue(unit: tree[u].name, month: month, due: due)
                    let notice = NoticeRecord(unit: tree[u].code, month: month, kind: kind, due: due.description, message: text,
                                              sender: "system", at: state.clock.instant())
                    planned.append(try await store(notice, unit: u, hooks: hooks, dryRun: dryRun))
                }
            }
        }
        return planned
    }

    /// A unit's notices, newest first (its to-do): the last 90 days'.
    func notices(for user: UserRecord) async throws -> [NoticeRecord] {
        let since = state.clock.instant().seconds - 90 * 86_400
        return try await state.store.notices(units: [user.unit], month: nil).filter { $0.at.seconds >= since }
    }

    /// Every notice of `month` to `office` and the units below it, with its deliveries.
    func sent(office code: String, month: Period?, for user: UserRecord) async throws -> [(NoticeRecord, [DeliveryRecord])] {
        let office = try state.unit(code)
        try CompletenessService(state: state).require(user, reviews: office)
        let tree = state.tree
        let units = tree.units.indices.filter { $0 == office || tree.isWithin($0, office) }.map { tree[$0].code }
        let notices = try await state.store.notices(units: units, month: month)
        let deliveries = Dictionary(grouping: try await state.store.deliveries(notices: notices.map(\.id)), by: \.notice)
        return notices.map { ($0, deliveries[$0.id] ?? []) }
    }

    /// The configured webhooks by unit, indexed once per run.
    struct Webhooks {
        let byUnit: [String: WebhookRecord]
        let tree: UnitTree

        init(_ hooks: [WebhookRecord], tree: UnitTree) {
            byUnit = Dictionary(hooks.map { ($0.unit, $0) }, uniquingKeysWith: { a, _ in a })
            self.tree = tree
        }

        /// The webhook nearest at or above `unit`.
        func nearest(_ unit: Int) -> WebhookRecord? {
            var current: Int? = unit
            while let u = current {
                if let hook = byUnit[tree[u].code] { return hook }
                current = tree[u].parent
            }
            return nil
        }
    }

    /// The units below `office` that fill a form for `month`: its due date and whether it is handed in.
    private func formsBelow(catalog: Catalog, under office: Int, month: Period) async throws -> [Int: (due: LocalDate?, handedIn: Bool)] {
        var forms: [Int: (due: LocalDate?, handedIn: Bool)] = [:]
        let tree = state.tree.at(month)
        for level in catalog.fillingLevels where level < tree[office].level {
            guard !OneForm(catalog: catalog, month: month, level: level).entries.isEmpty else { continue }
            let due = catalog.formDue(month: month, level: level)
            let units = tree.units(at: level, under: office)
            let states = try await state.store.formStates(units: units.map { tree[$0].code }, month: month)
            for u in units { forms[u] = (due, states[tree[u].code]?.status.isHandedIn ?? false) }
        }
        return forms
    }

    private func store(_ notice: NoticeRecord, unit: Int, hooks: Webhooks, dryRun: Bool) async throws -> Planned {
        let hook = hooks.nearest(unit)
        let name = state.tree[unit].name
        guard !dryRun else { return Planned(notice: notice, unitName: name, stored: false, webhook: hook) }
        let deliveries = hook.map { h in
            [DeliveryRecord(webhookUnit: h.unit, url: h.url, kind: h.kind,
                            payload: ReminderText.payload(notice, unitName: name, kind: h.kind),
                            nextAt: Int(Date().timeIntervalSince1970))]
        } ?? []
        let stored = try await state.store.addNotice(notice, deliveries: deliveries)
        return Planned(notice: stored ?? notice, unitName: name, stored: stored != nil, webhook: hook)
    }
}

extension FormStatus {
    /// Submitted or approved: nothing to remind of.
    var isHandedIn: Bool { self == .submitted || self == .approved }
}
