/// The pages around the layout: who is logged in, and the small pages with a message or two.
struct LayoutModel: PageModel {
    let title: String
    /// The page itself, already rendered.
    let body: String
    let css: String
    let favicon: String
    let script: String
    let scripts: [String]
    let user: User?

    struct User: Encodable {
        let username: String
        let unitName: String
        let roleLabel: String
        let isAdmin: Bool
        /// The 待办 box: for everyone whose work waits somewhere, once the password is their own.
        let todo: Bool
        let source: String?
        /// 报表准入: requesters, providers and admins file requests (`/requests`).
        let mayRequest: Bool
    }
}

/// A month picker (`<input type="month">`) on every page that has months: a month 41 clicks back
/// is one choice away. `param` is the query parameter the page reads (`month`, or `at`).
struct MonthPicker: Encodable {
    let param: String
    let value: String
}

struct LoginPageModel: PageModel {
    let error: String?
}

struct PasswordPageModel: PageModel {
    let mustChange: Bool
}

struct ErrorPageModel: PageModel {
    let heading: String
    let message: String
}
