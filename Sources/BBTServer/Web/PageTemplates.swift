import Mustache

/// The pages, as Mustache templates; `{{ }}` escapes HTML, so no unit name or value can inject markup.
///
/// The pages run under a strict Content-Security-Policy (`script-src 'self'; style-src 'self'`):
/// no `style` attributes, no inline script and no `on…` handler attributes here. Looks live in
/// `Assets.css` as classes; behaviour lives in `Assets.js`, which finds elements by id and `data-*`
/// attributes. The only `<script>` in a page body is the editor's `type="application/json"` data
/// block, which browsers never execute.
enum PageTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in [("layout", layout), ("login", login), ("form", form), ("review", review), ("templates", templates),
                             ("source", source), ("catalog", catalog),
                             ("password", password), ("users", users), ("units", units),
                             ("report", reportPage), ("cell", cellPage)] {
            library.register(try! MustacheTemplate(string: text), named: name)
        }
        return library
    }()

    static let layout = """
    <!doctype html>
    <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} - 报表通</title><link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="/static/app.css"><script src="/static/app.js" defer></script></head>
    <body><header><a class="brand" href="/">报表通</a>{{#user}}<span class="where">{{unitName}}</span><span class="who">{{username}} ({{roleLabel}})
    {{#isAdmin}}<a href="/admin/templates" id="nav-templates">模板</a><a href="/catalog" id="nav-catalog">目录</a><a href="/admin/users" id="nav-users">用户</a><a href="/admin/units" id="nav-units">单位</a>{{/isAdmin}}<a href="/me/password" id="nav-password">修改密码</a>
    <form method="post" action="/logout" class="logout"><button id="logout">退出</button></form></span>{{/user}}</header>
    <main>{{{body}}}</main></body></html>
    """

    static let login = """
    <div class="card login">
    <h1>登录报表通</h1>
    {{#error}}<p class="msg bad">{{error}}</p>{{/error}}
    <form method="post" action="/login">
    <p><label>用户名<br><input class="wide" name="username" id="username" autocomplete="username" required></label></p>
    <p><label>密码<br><input class="wide" name="password" id="password" type="password" autocomplete="current-password" required></label></p>
    <p><button class="primary" id="login">登录</button></p></form>
    <p class="hint">演示账号见 samples/users.csv, 如 c002003 / demo1234 (王家坝社区)。</p></div>
    """

    /// `#save` and `#submit` are the form's submit buttons, so Enter in a field saves a draft as before;
    /// app.js handles their clicks and cancels the form's own submission.
    static let form = """
    <h1>{{unitName}} · {{monthLabel}}表单 <span class="status {{status}}" id="status">{{statusLabel}}</span></h1>
    <p class="months"><a href="?month={{prevMonth}}" id="prev-month">‹ {{prevMonth}}</a> · <a href="?month={{nextMonth}}" id="next-month">{{nextMonth}} ›</a>
    {{#reason}} · <span class="msg bad" id="reason">退回原因: {{reason}}</span>{{/reason}}</p>
    {{^sections}}<div class="card">本月没有需要填报的项目。</div>{{/sections}}
    <form id="form" data-api="/api/v1/units/{{unitCode}}/forms/{{month}}" data-version="{{version}}" data-month="{{month}}">
    {{#sections}}<fieldset><legend>{{title}}</legend>
    {{#fields}}<div class="row" id="row-{{id}}">
    <label for="f-{{id}}">{{label}}{{#required}}<span class="req">*</span>{{/required}}</label>
    <div>{{#isNumber}}<input id="f-{{id}}" data-field="{{id}}" data-type="number" inputmode="decimal" value="{{value}}"{{#carried}} class="carried" title="沿用上期"{{/carried}}{{#supplied}} class="supplied" title="部门数据, 请核对"{{/supplied}}{{#locked}} disabled{{/locked}}>{{/isNumber}}{{#isText}}<input id="f-{{id}}" data-field="{{id}}" data-type="text" value="{{value}}"{{#maxLength}} maxlength="{{maxLength}}"{{/maxLength}}{{#locked}} disabled{{/locked}}>{{/isText}}{{#isDate}}<input id="f-{{id}}" data-field="{{id}}" data-type="date" type="date" value="{{value}}"{{#locked}} disabled{{/locked}}>{{/isDate}}{{#isSelect}}<select id="f-{{id}}" data-field="{{id}}" data-type="{{selectType}}"{{#locked}} disabled{{/locked}}><option value=""></option>{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select>{{/isSelect}}</div>
    <div class="hint">{{#unit}}<span class="unit">{{unit}}</span> {{/unit}}{{#bounds}}{{bounds}} {{/bounds}}{{#periodNote}}· {{periodNote}} {{/periodNote}}{{#carried}}· 沿用上期 {{/carried}}{{help}}</div>
    {{#provided}}<div class="supply"><span class="source" data-provided-for="{{id}}" data-value="{{providedValue}}">数据来源: {{providedSource}} · {{providedDate}}{{#differs}} (部门数据: {{providedValue}}){{/differs}}</span>
    <input class="reason" id="reason-{{id}}" data-reason="{{id}}" maxlength="500" placeholder="与部门数据不同: 请写明更正原因" value="{{reason}}"{{^differs}} hidden{{/differs}}{{#locked}} disabled{{/locked}}></div>{{/provided}}
    <div class="err"></div></div>{{/fields}}
    </fieldset>{{/sections}}
    <div class="card explain row" id="row-explanation"{{^explainShown}} hidden{{/explainShown}}><label for="explanation">上报说明 (核实性审核)</label>
    <ul id="explain-rules">{{#explainRules}}<li>{{.}}</li>{{/explainRules}}</ul>
    <textarea id="explanation" maxlength="1000" rows="3" placeholder="请写明变动较大的原因, 如: 新建小区交付, 迁入约 400 人"{{#locked}} disabled{{/locked}}>{{explanation}}</textarea><div class="err"></div></div>
    {{^locked}}<div class="bar"><button id="save">保存草稿</button><button class="primary" id="submit">上报</button><span id="msg" class="msg"></span></div>{{/locked}}
    {{#locked}}<div class="bar"><span class="msg" id="lock-note">{{lockNote}}</span><span id="msg" class="msg"></span></div>{{/locked}}
    </form>
    """

    /// The approve and return buttons carry the form's API address in `data-review`; one delegated
    /// listener in app.js posts to `…/approve` or, after asking for a reason, to `…/return`.
    static let review = """
    <h1>{{unitName}} · {{monthLabel}}填报情况</h1>
    <p class="months"><a href="?month={{prevMonth}}" id="prev-month">‹ {{prevMonth}}</a> · <a href="?month={{nextMonth}}" id="next-month">{{nextMonth}} ›</a> · <a href="/catalog" id="to-catalog">报表目录</a></p>
    <div class="card downloads"><strong>汇总报表下载</strong>
    {{#reports}}<div class="report">{{id}} {{title}} ({{period}}): <a id="view-{{id}}" href="/report/{{unitCode}}/{{id}}/{{period}}">在线查看</a> · <a id="dl-{{id}}" href="/api/v1/units/{{unitCode}}/reports/{{id}}/{{period}}.xlsx">XLSX</a> · <a href="/api/v1/units/{{unitCode}}/reports/{{id}}/{{period}}.xlsx?rows=leaf">XLSX(到社区)</a> · <a href="/api/v1/units/{{unitCode}}/reports/{{id}}/{{period}}.xml">XML</a></div>{{/reports}}
    {{^reports}}<div>本期没有到期的报表。</div>{{/reports}}
    <p><a class="button" id="dl-zip" href="/api/v1/units/{{unitCode}}/reports/{{month}}.zip">全部下载 (ZIP)</a></p></div>
    <p class="summary">{{#summary}}<span class="status {{status}}">{{label}} {{count}}</span> {{/summary}}</p>
    <div class="table-wrap"><table class="tally" id="tally"><thead><tr><th>单位</th><th>应报</th><th>已报</th><th>及时</th><th>迟报</th><th>已审核</th><th>退回</th><th>上报率</th><th>及时率</th><th>审核率</th></tr></thead><tbody>
    {{#tallies}}<tr id="tally-{{code}}"><td>{{name}}</td><td class="num">{{expected}}</td><td class="num">{{submitted}}</td><td class="num">{{onTime}}</td><td class="num">{{late}}</td><td class="num">{{approved}}</td><td class="num">{{returned}}</td><td class="num">{{submittedRate}}</td><td class="num">{{onTimeRate}}</td><td class="num">{{approvedRate}}</td></tr>{{/tallies}}
    </tbody></table></div>
    <div class="table-wrap"><table class="units"><thead><tr><th>单位</th><th>代码</th><th>状态</th><th>上报时间</th><th>缺项</th><th>近13个月</th><th>操作</th></tr></thead><tbody>
    {{#units}}<tr id="unit-{{code}}"{{#explanation}} class="marked"{{/explanation}}><td><a href="/form/{{code}}?month={{month}}">{{name}}</a>{{#explanation}}<div class="hint explanation" id="explanation-{{code}}">上报说明: {{explanation}}</div>{{/explanation}}</td><td>{{code}}</td>
    <td><span class="status {{status}}">{{statusLabel}}</span>{{#punctualityLabel}}<div class="hint">{{punctualityLabel}}{{#due}} (截止 {{due}}){{/due}}</div>{{/punctualityLabel}}{{#reason}}<div class="hint">{{reason}}</div>{{/reason}}</td><td>{{submittedAt}}</td><td>{{missingCount}}</td>
    <td><span class="strip" title="近13个月: 绿=按时, 黄=迟报, 红=未报, 灰=无需填报">{{#strip}}<span class="day {{kind}}" title="{{month}} {{label}}"></span>{{/strip}}</span></td>
    <td class="actions">{{#canApprove}}<button type="button" data-review="/api/v1/units/{{code}}/forms/{{month}}" data-approve="true">审核通过</button>{{/canApprove}}
    {{#canReturn}}<button type="button" data-review="/api/v1/units/{{code}}/forms/{{month}}" data-approve="false">退回</button>{{/canReturn}}</td></tr>{{/units}}
    </tbody></table></div>
    """

    /// The sources travel in the `#files` JSON block (`<` written as `\u003c` by the route, so no
    /// source can close the element); app.js shows the selected file and keeps edits per file.
    static let templates = """
    <h1>模板管理 · 第 {{version}} 版</h1>
    <p class="hint">{{publishedAt}} 由 {{publishedBy}} 发布。{{fields}} 个字段, {{reports}} 张报表; 一年填报量 {{manual}} → {{form}} 项。 <a href="/catalog" id="to-catalog">报表目录 ›</a></p>
    <div class="card"><strong>导入部门报表 (XLSX)</strong>
    <p class="hint">选择或拖入部门下发的 Excel 报表, 生成报表草稿: 已在采集的栏目对应到现有字段, 其余列为新字段; 草稿作为新文件放进编辑器, 核对后检查、发布。</p>
    <form id="import" class="actions"><input type="file" id="import-file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
    <input id="import-id" maxlength="30" placeholder="报表编号 (可选, 如 ZJ31)" autocomplete="off">
    <button type="submit" id="import-button">生成草稿</button><span id="import-msg" class="msg"></span></form>
    <div id="mapping" hidden></div></div>
    <div class="card editor"><label for="file">文件</label> <select id="file" autocomplete="off">{{#files}}<option value="{{.}}">{{.}}</option>{{/files}}</select>
    <textarea id="source" spellcheck="false" autocomplete="off"></textarea>
    <p class="actions"><button type="button" id="check">检查并预览</button> <button type="button" class="primary" id="publish">发布</button><span id="msg" class="msg"></span></p>
    <div id="confirm" class="confirm" hidden><p id="confirm-text"></p><button type="button" class="primary" id="confirm-publish">仍然发布</button> <button type="button" id="confirm-cancel">取消</button></div>
    <div id="preview" hidden></div>
    <pre class="diag" id="diag"></pre></div>
    <script type="application/json" id="files">{{{filesJSON}}}</script>
    """

    /// Every report with its 法定标识 and 有效期 (expired and expiring marked), and the fields most
    /// reports ask for: where a community's burden sits.
    static let catalog = """
    <h1>报表目录 · {{monthLabel}}</h1>
    <p class="hint">共 {{count}} 张报表, 其中已过有效期 {{expired}} 张、三个月内到期 {{expiring}} 张。每年填报项: 该表单独填写时一个{{levelLabel}}一年要填的项数。</p>
    <div class="table-wrap"><table class="units" id="catalog-reports"><thead><tr><th>编号</th><th>表名</th><th>表号</th><th>制定机关</th><th>批准文号</th><th>频率</th><th>有效期至</th><th>每年填报项</th></tr></thead><tbody>
    {{#reports}}<tr id="report-{{id}}"><td>{{id}}</td><td>{{title}}</td><td>{{formNo}}</td><td>{{authority}}</td><td>{{approval}}</td><td>{{frequency}}</td>
    <td>{{validUntil}}{{#expired}} <span class="status returned">已过期</span>{{/expired}}{{#expiring}} <span class="status draft">即将到期</span>{{/expiring}}</td><td class="num">{{entries}}</td></tr>{{/reports}}
    </tbody></table></div>
    <h2>被最多报表问到的字段</h2>
    <p class="hint">同一数据在 {{levelLabel}}填报的 {{filled}} 张报表中被问到的次数; 报表通只让社区填一次。</p>
    <div class="table-wrap"><table class="units" id="catalog-fields"><thead><tr><th>字段</th><th>名称</th><th>报表数</th><th>数据来源</th></tr></thead><tbody>
    {{#fields}}<tr><td><code>{{id}}</code></td><td>{{label}}</td><td class="num">{{reports}} / {{of}}</td><td>{{source}}</td></tr>{{/fields}}
    </tbody></table></div>
    """

    /// Everyone's own password; first thing after logging in with a temporary one.
    static let password = """
    <div class="card login">
    <h1>修改密码</h1>
    {{#mustChange}}<p class="msg bad" id="must-change">管理员为您设置了临时密码, 请先修改密码再继续。</p>{{/mustChange}}
    <form id="password-form">
    <p><label>原密码<br><input class="wide" id="old-password" type="password" autocomplete="current-password" required></label></p>
    <p><label>新密码 (至少 8 个字符)<br><input class="wide" id="new-password" type="password" autocomplete="new-password" minlength="8" required></label></p>
    <p><label>再输入一次新密码<br><input class="wide" id="new-password-again" type="password" autocomplete="new-password" minlength="8" required></label></p>
    <p><button class="primary" id="change-password">修改密码</button> <span id="msg" class="msg"></span></p></form></div>
    """

    /// Accounts for admins: the list (searched by name or unit in the page), a form that creates or,
    /// after 编辑, changes one; 重设密码 and 停用/启用 per row. The unit codes and sources travel in
    /// `#user-data`.
    static let users = """
    <h1>用户管理</h1>
    <div class="card"><strong id="user-form-title">新建用户</strong>
    <form id="user-form" class="grid-form" autocomplete="off">
    <label>用户名<input id="u-username" required maxlength="32"></label>
    <label>角色<select id="u-role">{{#roles}}<option value="{{value}}">{{label}}</option>{{/roles}}</select></label>
    <label>单位代码<input id="u-unit" list="unit-codes" required></label>
    <label>数据来源 (部门账号)<select id="u-source"><option value="">无</option>{{#sources}}<option value="{{id}}">{{name}}</option>{{/sources}}</select></label>
    <label>临时密码 (至少 8 个字符)<input id="u-password" type="password" autocomplete="new-password"></label>
    <p class="actions"><button class="primary" id="u-save">新建</button> <button type="button" id="u-cancel" hidden>取消编辑</button><span id="msg" class="msg"></span></p>
    </form>
    <datalist id="unit-codes">{{#units}}<option value="{{code}}">{{name}}</option>{{/units}}</datalist></div>
    <p><label>查找 <input id="user-search" placeholder="用户名、单位名称或代码"></label></p>
    <div class="table-wrap"><table class="units" id="users"><thead><tr><th>用户名</th><th>角色</th><th>单位</th><th>数据来源</th><th>状态</th><th>操作</th></tr></thead><tbody>
    {{#users}}<tr id="user-{{username}}" data-search="{{username}} {{unit}} {{unitName}}" data-username="{{username}}" data-role="{{role}}" data-unit="{{unit}}" data-source="{{source}}">
    <td>{{username}}</td><td>{{roleLabel}}</td><td>{{unitName}} ({{unit}})</td><td>{{source}}</td>
    <td>{{#disabled}}<span class="status returned">已停用</span>{{/disabled}}{{^disabled}}<span class="status approved">正常</span>{{/disabled}}{{#mustChange}} <span class="status draft">临时密码</span>{{/mustChange}}</td>
    <td class="actions"><button type="button" data-edit="{{username}}">编辑</button> <button type="button" data-reset="{{username}}">重设密码</button>
    {{#disabled}}<button type="button" data-enable="{{username}}">启用</button>{{/disabled}}{{^disabled}}<button type="button" data-disable="{{username}}">停用</button>{{/disabled}}</td></tr>{{/users}}
    </tbody></table></div>
    """

    /// The unit tree as of a month, and its changes from a month on (add, rename or move, close),
    /// or a whole new units.csv previewed before it is applied.
    static let units = """
    <h1>单位管理 · {{monthLabel}}的单位树</h1>
    <p class="months"><a href="?at={{prevMonth}}" id="prev-month">‹ {{prevMonth}}</a> · <a href="?at={{nextMonth}}" id="next-month">{{nextMonth}} ›</a>
     · <label>查找 <input id="unit-search" placeholder="名称或代码"></label></p>
    <div class="table-wrap"><table class="units" id="unit-tree"><thead><tr><th>名称</th><th>代码</th><th>层级</th><th>存续</th></tr></thead><tbody>
    {{#units}}<tr id="unit-{{code}}" data-search="{{code}} {{name}}"><td class="depth-{{depth}}">{{name}}</td><td>{{code}}</td><td>{{levelLabel}}</td><td>{{span}}</td></tr>{{/units}}
    </tbody></table></div>
    <div class="card"><strong>新增单位</strong>
    <form class="grid-form" id="unit-add" data-api="/api/v1/units" data-method="POST" autocomplete="off">
    <label>代码<input name="code" required></label><label>名称<input name="name" required></label>
    <label>层级<select name="level">{{#levels}}<option value="{{value}}">{{label}}</option>{{/levels}}</select></label>
    <label>上级代码<input name="parent" list="unit-codes" required></label><label>从 (月份)<input name="from" placeholder="2023-07"></label>
    <p class="actions"><button class="primary">新增</button><span class="msg"></span></p></form></div>
    <div class="card"><strong>改名或迁移</strong>
    <form class="grid-form" id="unit-change" data-method="PATCH" autocomplete="off">
    <label>代码<input name="code" list="unit-codes" required></label><label>新名称<input name="name"></label>
    <label>新上级代码<input name="parent" list="unit-codes"></label><label>从 (月份)<input name="from" placeholder="2023-07" required></label>
    <p class="actions"><button class="primary">保存</button><span class="msg"></span></p></form></div>
    <div class="card"><strong>撤并</strong> <span class="hint">单位存续到所填月份为止; 已存数据保留, 之前各期的报表不变。</span>
    <form class="grid-form" id="unit-close" data-method="PATCH" autocomplete="off">
    <label>代码<input name="code" list="unit-codes" required></label><label>存续至 (月份)<input name="until" placeholder="2023-06" required></label>
    <p class="actions"><button class="primary">撤并</button><span class="msg"></span></p></form></div>
    <div class="card"><strong>导入新的单位表 (units.csv)</strong> <span class="hint">表头 code,name,level,parent; 与现有单位树比较, 先预览再应用。</span>
    <form class="grid-form" id="units-import" autocomplete="off">
    <label>文件<input type="file" id="units-file" accept=".csv,text/csv"></label><label>从 (月份)<input id="units-from" placeholder="2024-01" required></label>
    <p class="actions"><button type="submit" id="units-preview">预览</button> <button type="button" class="primary" id="units-apply" hidden>应用</button><span class="msg" id="units-msg"></span></p></form>
    <div id="units-result" hidden></div></div>
    <datalist id="unit-codes">{{#allUnits}}<option value="{{code}}">{{name}}</option>{{/allUnits}}</datalist>
    """

    /// A department's page: upload a month's CSV, see where communities differ from its figures.
    static let source = """
    <h1>{{sourceName}} · 数据回流</h1>
    {{#canUpload}}<div class="card"><strong>上传数据 (CSV)</strong>
    <p class="hint">表头 unit,period,field,value; 每行一个值, 报告期为该字段的采集期 (月度字段 2023-06, 季度字段 2023-Q2)。整批校验, 有错则不保存任何数据; 重复上传相同文件不会改变数据。</p>
    <form id="upload" data-api="/api/v1/sources/{{sourceId}}/values"><input type="file" id="upload-file" accept=".csv,text/csv">
    <button type="submit" class="primary" id="upload-button">上传</button><span id="msg" class="msg"></span></form>
    <pre class="diag" id="upload-result" hidden></pre>
    <p class="hint">本来源提供的字段: {{#fields}}<code>{{id}}</code> {{label}}; {{/fields}}</p></div>{{/canUpload}}
    <h2>{{monthLabel}}社区更正与差异</h2>
    <p class="months"><a href="?month={{prevMonth}}" id="prev-month">‹ {{prevMonth}}</a> · <a href="?month={{nextMonth}}" id="next-month">{{nextMonth}} ›</a>
     · <a class="button" id="dl-corrections" href="/api/v1/sources/{{sourceId}}/corrections?month={{month}}&amp;format=csv">下载 CSV</a></p>
    <div class="table-wrap"><table class="units" id="corrections"><thead><tr><th>单位</th><th>字段</th><th>报告期</th><th>部门数据</th><th>社区数据</th><th>更正原因</th><th>更正人</th></tr></thead><tbody>
    {{#differences}}<tr><td>{{unitName}} ({{unit}})</td><td>{{fieldLabel}}</td><td>{{period}}</td><td>{{provided}}</td><td>{{value}}</td><td>{{#reason}}{{reason}}{{/reason}}{{^reason}}<span class="status returned">差异, 社区尚未说明</span>{{/reason}}</td><td>{{by}}</td></tr>{{/differences}}
    {{^differences}}<tr><td colspan="7">本月没有社区更正或差异。</td></tr>{{/differences}}
    </tbody></table></div>
    """
}
