import BBTNumber
import BBTRender
import Testing

/// The drill-down's line of a unit's periods: empty is a gap, never a drop to zero.
@Suite struct SparklineTests {
    @Test func emptyPeriodsBreakTheLine() {
        let svg = Sparkline.svg([Number(10), Number(20), nil, Number(30), Number(20)], width: 44, height: 24, label: "近5期")
        #expect(svg.contains("<polyline points=\"2,22 12,12\"/>"), "\(svg)")
        #expect(svg.contains("<polyline points=\"32,2 42,12\"/>"), "\(svg)")
        #expect(svg.contains("<circle cx=\"42\" cy=\"12\" r=\"2\"/>"), "the last value is a dot")
        #expect(!svg.contains("style="))
    }

    @Test func aValueAloneIsADotAndAFlatLineSitsInTheMiddle() {
        let lone = Sparkline.svg([nil, Number(5), nil], width: 24, height: 20, label: "x")
        #expect(lone.contains("<circle class=\"lone\" cx=\"12\" cy=\"10\" r=\"1.5\"/>") && !lone.contains("polyline"), "\(lone)")
        let flat = Sparkline.svg([Number(3), Number(3)], width: 24, height: 20, label: "x")
        #expect(flat.contains("<polyline points=\"2,10 22,10\"/>"), "\(flat)")
        #expect(!Sparkline.svg([nil, nil], label: "x").contains("<circle"), "nothing to draw")
    }

    @Test func theLabelIsEscaped() {
        let svg = Sparkline.svg([Number(1)], label: "a<b & \"c\"")
        #expect(svg.contains("<title>a&lt;b &amp; &quot;c&quot;</title>"))
    }
}
