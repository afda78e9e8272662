/// Source text with location markers (`1️⃣`, `2️⃣` …) in the style of swift-format's tests: the markers
/// are removed, and each one's line and column (in characters) is remembered.
struct MarkedSource {
    let text: String
    let locations: [String: (line: Int, column: Int)]

    init(_ marked: String) {
        let markers: Set<Character> = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣"]
        var text = ""
        var locations: [String: (Int, Int)] = [:]
        var line = 1, column = 1
        for ch in marked {
            if markers.contains(ch) {
                locations[String(ch)] = (line, column)
                continue
            }
            text.append(ch)
            if ch == "\n" { line += 1; column = 1 } else { column += ch.unicodeScalars.count }
        }
        self.text = text
        self.locations = locations
    }

    func at(_ marker: String) -> String {
        let l = locations[marker]!
        return "t.bbt:\(l.line):\(l.column)"
    }
}
