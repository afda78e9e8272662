import BBTNumber
import Foundation

/// A small line of a unit's last periods, as SVG markup the server writes into the page (no
/// script, no style attribute: the page's CSP allows neither). Empty periods break the line
/// rather than drop to zero; a value alone between gaps is a dot, and so is the last value.
public enum Sparkline {
    public static func svg(_ values: [Number?], width: Int = 120, height: Int = 28, label: String) -> String {
        let numbers = values.map { $0.flatMap { Double($0.plainText) } }
        let known = numbers.compactMap { $0 }
        var body = ""
        if let lo = known.min(), let hi = known.max() {
            let step = values.count > 1 ? Double(width - 4) / Double(values.count - 1) : 0
            // x from the period's place, y scaled between the lowest and highest value (a flat line in the middle).
            let points: [(x: String, y: String)?] = numbers.enumerated().map { i, v in
                v.map { v in (format(2 + Double(i) * step),
                              format(hi == lo ? Double(height) / 2 : 2 + (hi - v) / (hi - lo) * Double(height - 4))) }
            }
            var segment: [(x: String, y: String)] = []
            func flush() {
                if segment.count > 1 { body += "<polyline points=\"\(segment.map { "\($0.x),\($0.y)" }.joined(separator: " "))\"/>" }
                if let only = segment.first, segment.count == 1 { body += "<circle class=\"lone\" cx=\"\(only.x)\" cy=\"\(only.y)\" r=\"1.5\"/>" }
                segment.removeAll()
            }
            for p in points {
                if let p { segment.append(p) } else { flush() }
            }
            flush()
            if let last = points.last(where: { $0 != nil }), let last {
                body += "<circle cx=\"\(last.x)\" cy=\"\(last.y)\" r=\"2\"/>"
            }
        }
        return "<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(label))\">"
            + "<title>\(escape(label))</title>" + body + "</svg>"
    }

    private static func format(_ d: Double) -> String {
        let r = (d * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
