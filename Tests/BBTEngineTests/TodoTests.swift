import BBTEngine
import Testing

@Suite struct TodoTests {
    let june = Period("2023-06")!, may = Period("2023-05")!
    let due = LocalDate("2023-07-05")!

    func state(_ status: FormStatus, reason: String? = nil) -> FormState {
        FormState(status: status, version: 1, submittedAt: nil, updatedAt: nil, updatedBy: "me", reason: reason)
    }

    @Test func aFillersFormWaitsUntilItIsSubmitted() {
        let rows: [(FormStatus, Todo.Kind?)] = [(.empty, .fill), (.draft, .fill), (.returned, .returned), (.submitted, nil), (.approved, nil)]
        for (status, kind) in rows {
            let items = Todo.filler(unit: "c1", month: june, state: state(status, reason: "请核对"), due: due, today: LocalDate("2023-07-02")!)
            #expect(items.first?.kind == kind, "\(status)")
            #expect(items.first.map { $0.daysLeft == 3 } ?? true)
        }
        #expect(Todo.filler(unit: "c1", month: june, state: state(.returned, reason: "请核对"), due: due, today: due).first?.reason == "请核对")
    }

    @Test func aReviewerSeesFormsToReviewAndUnitsPastTheirDay() {
        let rows: [(unit: String, state: FormState, due: LocalDate?)] = [
            ("a", state(.submitted), due), ("b", state(.empty), due), ("c", state(.approved), due), ("d", state(.draft), nil),
        ]
        let onTheDay = Todo.reviewer(month: june, rows: rows, today: due)
        #expect(onTheDay.map(\.kind) == [.review], "nothing is late on its own day")
        let after = Todo.reviewer(month: june, rows: rows, today: LocalDate("2023-07-07")!)
        #expect(after.map { "\($0.kind) \($0.unit ?? "") \($0.daysLeft ?? 0)" } == ["review a -2", "late b -2"])
    }

    @Test func soonestFirstLateOnesFirstUndatedLast() {
        let today = LocalDate("2023-07-10")!
        let items = [
            Todo.Item(kind: .fill, unit: "x", month: june, due: nil, today: today, status: .empty),
            Todo.Item(kind: .fill, unit: "y", month: june, due: LocalDate("2023-08-05")!, today: today, status: .empty),
            Todo.Item(kind: .late, unit: "z", month: may, due: LocalDate("2023-06-05")!, today: today, status: .empty),
        ]
        #expect(Todo.sorted(items).map { $0.unit ?? "" } == ["z", "y", "x"])
        #expect(Todo.sorted(items).first?.daysLeft == -35)
    }

    /// Requests for reports: the office sees what waits for its decision; a requester its returned
    /// requests with the reason and what was decided in the last 30 days, never another's.
    @Test func requestsWaitForTheOfficeAndDecisionsReachTheirRequester() {
        let day = 86_400
        func request(_ id: Int, _ requester: String, _ status: RequestStatus, decided: Int? = nil, reason: String? = nil) -> AdmissionRequest {
            var r = AdmissionRequest(id: id, requester: requester, title: "表\(id)", authority: "局", reason: "", basis: "", frequency: "month",
                                     until: nil, kind: .regular, status: status, form: nil, fileName: nil, draft: "", reportID: "R\(id)",
                                     addedEntries: 0, submittedAt: Instant(seconds: 0), decidedAt: decided.map { Instant(seconds: $0 * day) },
                                     history: [])
            if let reason { r.history.append(RequestEvent(at: Instant(seconds: 0), user: "admin", action: "return", reason: reason)) }
            return r
        }
        let all = [request(1, "zhujian", .submitted), request(2, "zhujian", .returned, reason: "去掉重复栏目"),
                   request(3, "zhujian", .approved, decided: 10), request(4, "zhujian", .rejected, decided: 1),
                   request(5, "minzheng", .returned, reason: "x")]
        let now = Instant(seconds: 40 * day)
        #expect(Todo.requests(all, role: .admin, username: "admin", now: now).map(\.request?.id) == [1])
        let mine = Todo.requests(all, role: .requester, username: "zhujian", now: now)
        #expect(mine.map(\.kind) == [.revise, .decided])
        #expect(mine.map(\.request?.id) == [2, 3], "the refusal of day 1 is older than 30 days")
        #expect(mine.first?.reason == "去掉重复栏目")
    }
}
