/// A report on screen and the drill-down of one of its numbers (`ReportPages`). Every number is a
/// link; rows with a 上报说明 or a correction of department data carry a mark and say which.
extension PageTemplates {
    static let reportPage = """
    <h1>{{title}}</h1>
    <p class="months"><a href="{{back}}" id="to-review">‹ {{backLabel}}</a> · <a href="{{xlsx}}" id="dl-xlsx">下载 XLSX</a> · <a href="{{other}}" id="rows-mode">{{#leaf}}按下级汇总{{/leaf}}{{^leaf}}列出到社区{{/leaf}}</a></p>
    <div class="meta"><div>填报单位: {{unitName}}<br>报告期: {{periodLabel}}</div><div>表号: {{formNo}}<br>制定机关: {{authority}}{{#approval}}<br>批准文号: {{approval}}{{/approval}}</div></div>
    <div class="table-wrap"><table class="sheet" id="report" data-report="{{id}}">
    <thead>{{#headerRows}}<tr>{{#cells}}<th colspan="{{colspan}}" rowspan="{{rowspan}}">{{text}}</th>{{/cells}}</tr>{{/headerRows}}
    <tr class="designator"><th>甲</th><th>乙</th>{{#designators}}<th>{{n}}</th>{{/designators}}</tr></thead>
    <tbody>{{#rows}}<tr id="row-{{code}}"{{#marked}} class="marked"{{/marked}}><th scope="row">{{name}}{{#statusLabel}} <span class="status {{status}}">{{statusLabel}}</span>{{/statusLabel}}{{#explanation}}<span class="mark" title="上报说明: {{explanation}}">说明</span>{{/explanation}}{{#corrected}}<span class="mark" title="更正了部门提供的数据">更正</span>{{/corrected}}{{#explanation}}<div class="hint explanation">上报说明: {{explanation}}</div>{{/explanation}}</th><td class="code">{{code}}</td>
    {{#cells}}<td{{#isNumber}} class="num"{{/isNumber}}><a href="{{href}}" data-cell="{{key}}">{{text}}</a></td>{{/cells}}</tr>{{/rows}}
    {{#total}}<tr class="total" id="row-total"><th scope="row">合计</th><td></td>{{#cells}}<td{{#isNumber}} class="num"{{/isNumber}}><a href="{{href}}" data-cell="{{key}}">{{text}}</a></td>{{/cells}}</tr>{{/total}}</tbody>
    </table></div>
    {{#checks}}<p class="hint">审核关系: {{checks}}</p>{{/checks}}
    <p class="hint">点击任一数字, 查看它由哪些单位的哪些数据算出。</p>
    """

    static let cellPage = """
    <h1>{{rowName}} · {{column}}</h1>
    <p class="months"><a href="{{back}}" id="back">‹ {{id}} {{reportTitle}} ({{periodLabel}})</a></p>
    <div class="card"><div class="big" id="cell-value">{{value}}{{^value}}(空){{/value}}</div>
    <div>计算式: <code id="expression">{{expression}}</code></div>
    <table class="inputs" id="inputs"><thead><tr><th>数据项</th><th>汇总值</th></tr></thead><tbody>
    {{#inputs}}<tr><td>{{label}} <code>{{name}}</code></td><td class="num">{{value}}</td></tr>{{/inputs}}</tbody></table></div>
    <h2>各填报单位</h2>
    {{#noLines}}<p class="hint">单位超过 {{limit}} 个, 不画趋势线; 从下一级汇总行进入可看到各单位的近 13 期趋势。</p>{{/noLines}}
    <div class="table-wrap"><table class="units" id="contributions"><thead><tr><th>单位</th><th>状态</th>{{#inputs}}<th>{{label}}</th>{{/inputs}}<th>本单位</th><th>{{lineLabel}}</th></tr></thead><tbody>
    {{#contributions}}<tr id="part-{{code}}"><td>{{name}}{{#explanation}}<div class="hint explanation">上报说明: {{explanation}}</div>{{/explanation}}</td><td><span class="status {{status}}">{{statusLabel}}</span></td>
    {{#values}}<td class="num">{{text}}</td>{{/values}}<td class="num">{{value}}</td><td>{{{sparkline}}}</td></tr>{{/contributions}}
    </tbody></table></div>
    """
}
