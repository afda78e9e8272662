import BBTNumber

/// A small line of a unit's last periods, as SVG markup the server writes into the page (no
/// script, no style attribute: the page's CSP allows neither). Empty periods break the line
/// rather than drop to zero; the last value is a dot.
public enum Sparkline {
    public static func svg(_ values: [Number?], width: Int = 120, height: Int = 28, label: String) -> String {
        let numbers = values.compactMap { $0.map { Double($0.plainText) ?? 0 } }
        var body = ""
        if let lo = numbers.min(), let hi = numbers.max() {
            let span = hi - lo
            let step = values.count > 1 ? Double(width - 4) / Double(values.count - 1) : 0
            func point(_ i: Int, _ v: Double) -> String {
                let y = span == 0 ? Double(height) / 2 : 2 + (hi - v) / span * Double(height - 4)
                return "\(format(2 + Double(i) * step)),\(format(y))"
            }
            var segment: [String] = []
            func flush() {
                if segment.count > 1 { body += "<polyline points=\"\(segment.joined(separator: " "))\"/>" }
                if segment.count == 1 { body += "<circle class=\"lone\" cx=\"\(segment[0].split(separator: ",")[0])\" cy=\"\(segment[0].split(separator: ",")[1])\" r=\"1.5\"/>" }
                segment.removeAll()
            }
            for (i, v) in values.enumerated() {
                if let v { segment.append(point(i, Double(v.plainText) ?? 0)) } else { flush() }
            }
            flush()
            if let i = values.lastIndex(where: { $0 != nil }), let v = values[i] {
                let p = point(i, Double(v.plainText) ?? 0).split(separator: ",")
                body += "<circle cx=\"\(p[0])\" cy=\"\(p[1])\" r=\"2\"/>"
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
