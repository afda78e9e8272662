import BBTEngine
import BBTStore
import Foundation

/// The words of a reminder, and the body each kind of webhook takes.
enum ReminderText {
    static func manual(unit: String, month: Period, due: LocalDate?, from office: String, message: String) -> String {
        let deadline = due.map { "应于 \($0) 前上报, " } ?? ""
        let note = message.isEmpty ? "" : " 附言: \(message)"
        return "【催报】\(unit): \(month.chinese)的表单\(deadline)尚未上报, 请尽快填报。(\(office))\(note)"
    }

    static func before(unit: String, month: Period, due: LocalDate, daysLeft: Int) -> String {
        let when = daysLeft == 0 ? "今天截止" : "将于 \(due) 截止 (还有 \(daysLeft) 天)"
        return "【报表通】\(unit): \(month.chinese)的表单\(when), 请按时上报。"
    }

    static func overdue(unit: String, month: Period, due: LocalDate) -> String {
        "【报表通】\(unit): \(month.chinese)的表单已于 \(due) 截止, 尚未上报, 请尽快上报。"
    }

    /// 企业微信 and 钉钉 group robots take a text message; a city's platform the figures.
    static func payload(_ notice: NoticeRecord, unitName: String, kind: WebhookKind) -> String {
        let object: [String: Any]
        switch kind {
        case .wecom, .dingtalk:
            object = ["msgtype": "text", "text": ["content": notice.message]]
        case .json:
            object = ["unit": notice.unit, "unitName": unitName, "month": notice.month.description,
                      "due": notice.due as Any? ?? NSNull(), "message": notice.message]
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
