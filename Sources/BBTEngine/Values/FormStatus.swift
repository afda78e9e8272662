/// Where one unit's form of one month stands.
public enum FormStatus: String, Sendable, CaseIterable, Codable {
    case empty, draft, submitted, approved, returned

    public var chinese: String {
        switch self {
        case .empty: "未填报"
        case .draft: "草稿"
        case .submitted: "已上报"
        case .approved: "已审核"
        case .returned: "已退回"
        }
    }
}
