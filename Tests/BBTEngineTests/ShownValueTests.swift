import BBTEngine
import BBTNumber
import Testing

@Suite struct ShownValueTests {
    @Test func savedBeatsSuppliedBeatsCarried() {
        let s = Value.number(Number(1)), p = Value.number(Number(2)), c = Value.number(Number(3))
        let table: [(Value?, Value?, Value?, Value?, ShownValue.Origin?)] = [
            (s, p, c, s, .saved), (nil, p, c, p, .supplied), (nil, nil, c, c, .carried), (s, nil, nil, s, .saved),
            (nil, p, nil, p, .supplied), (nil, nil, nil, nil, nil),
        ]
        for (stored, provided, carried, value, origin) in table {
            let shown = ShownValue.of(stored: stored, provided: provided, carried: carried)
            #expect(shown.value == value && shown.origin == origin, "\(String(describing: stored)) \(String(describing: provided)) \(String(describing: carried))")
        }
    }

    @Test func rulesSeeSavedAndSuppliedButNotCarried() {
        let checked = ShownValue.checked(stored: ["a": .number(Number(1)), "b": .number(Number(5))],
                                         provided: ["b": .number(Number(4)), "c": .number(Number(7))])
        #expect(checked == ["a": .number(Number(1)), "b": .number(Number(5)), "c": .number(Number(7))])
    }

    @Test func theWorkingMonthFollowsTheLastLockedForm() {
        let june = Period("2023-06")!, now = Period("2023-09")!
        #expect(FormWorkflow.workingMonth(lastLocked: june, current: now) == Period("2023-07")!)
        #expect(FormWorkflow.workingMonth(lastLocked: nil, current: now) == now)
        #expect(FormWorkflow.workingMonth(lastLocked: Period("2023-12")!, current: now) == Period("2024-01")!)
    }
}
