import Mustache

/// The pages, as Mustache templates; `{{ }}` escapes HTML, so no unit name or value can inject markup.
enum PageTemplates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in [("layout", layout), ("login", login), ("form", form), ("review", review), ("templates", templates)] {
            library.register(try! MustacheTemplate(string: text), named: name)
        }
        return library
    }()

    static let layout = """
    <!doctype html>
    <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} - 报表通</title><link rel="stylesheet" href="/static/app.css"><script src="/static/app.js" defer></script></head>
    <body><header><a class="brand" href="/">报表通</a>{{#user}}<span>{{unitName}}</span><span class="who">{{username}} ({{roleLabel}})
    <form method="post" action="/logout" style="display:inline"><button>退出</button></form></span>{{/user}}</header>
    <main>{{{body}}}</main></body></html>
    """

    static let login = """
    <div class="card" style="max-width:24rem;margin:3rem auto">
    <h1>登录报表通</h1>
    {{#error}}<p class="msg bad">{{error}}</p>{{/error}}
    <form method="post" action="/login">
    <p><label>用户名<br><input name="username" id="username" autocomplete="username" required style="width:100%"></label></p>
    <p><label>密码<br><input name="password" id="password" type="password" autocomplete="current-password" required style="width:100%"></label></p>
    <p><button class="primary" id="login">登录</button></p></form>
    <p class="hint">演示账号见 samples/users.csv, 如 c002003 / demo1234 (王家坝社区)。</p></div>
    """

    static let form = """
    <h1>{{unitName}} · {{monthLabel}}表单 <span class="status {{status}}" id="status">{{statusLabel}}</span></h1>
    <p><a href="?month={{prevMonth}}">‹ {{prevMonth}}</a> · <a href="?month={{nextMonth}}">{{nextMonth}} ›</a>
    {{#reason}} · <span class="msg bad">退回原因: {{reason}}</span>{{/reason}}</p>
    {{^sections}}<div class="card">本月没有需要填报的项目。</div>{{/sections}}
    <form id="form" data-api="/api/v1/units/{{unitCode}}/forms/{{month}}" data-version="{{version}}" data-month="{{month}}" onsubmit="return false">
    {{#sections}}<fieldset><legend>{{title}}</legend>
    {{#fields}}<div class="row" id="row-{{id}}">
    <label for="f-{{id}}">{{label}}{{#required}}<span class="req">*</span>{{/required}}</label>
    <div>{{#isNumber}}<input id="f-{{id}}" data-field="{{id}}" data-type="number" inputmode="decimal" value="{{value}}"{{#carried}} class="carried" title="沿用上期"{{/carried}}{{#locked}} disabled{{/locked}}>{{/isNumber}}{{#isText}}<input id="f-{{id}}" data-field="{{id}}" data-type="text" value="{{value}}"{{#maxLength}} maxlength="{{maxLength}}"{{/maxLength}}{{#locked}} disabled{{/locked}}>{{/isText}}{{#isDate}}<input id="f-{{id}}" data-field="{{id}}" data-type="date" type="date" value="{{value}}"{{#locked}} disabled{{/locked}}>{{/isDate}}{{#isSelect}}<select id="f-{{id}}" data-field="{{id}}" data-type="{{selectType}}"{{#locked}} disabled{{/locked}}><option value=""></option>{{#options}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/options}}</select>{{/isSelect}}</div>
    <div class="hint">{{#unit}}<span class="unit">{{unit}}</span> {{/unit}}{{#bounds}}{{bounds}} {{/bounds}}{{#periodNote}}· {{periodNote}} {{/periodNote}}{{#carried}}· 沿用上期 {{/carried}}{{help}}</div>
    <div class="err"></div></div>{{/fields}}
    </fieldset>{{/sections}}
    {{^locked}}<div class="bar"><button id="save" onclick="saveForm(false)">保存草稿</button><button class="primary" id="submit" onclick="saveForm(true)">上报</button><span id="msg" class="msg"></span></div>{{/locked}}
    {{#locked}}<div class="bar"><span class="msg">{{lockNote}}</span><span id="msg" class="msg"></span></div>{{/locked}}
    </form>
    """

    static let review = """
    <h1>{{unitName}} · {{monthLabel}}填报情况</h1>
    <p><a href="?month={{prevMonth}}">‹ {{prevMonth}}</a> · <a href="?month={{nextMonth}}">{{nextMonth}} ›</a></p>
    <div class="card"><strong>汇总报表下载</strong>
    {{#reports}}<div>{{id}} {{title}} ({{period}}): <a id="dl-{{id}}" href="/api/v1/units/{{unitCode}}/reports/{{id}}/{{period}}.xlsx">XLSX</a> · <a href="/api/v1/units/{{unitCode}}/reports/{{id}}/{{period}}.xlsx?rows=leaf">XLSX(到社区)</a> · <a href="/api/v1/units/{{unitCode}}/reports/{{id}}/{{period}}.xml">XML</a></div>{{/reports}}
    {{^reports}}<div>本期没有到期的报表。</div>{{/reports}}
    <p><a class="button" href="/api/v1/units/{{unitCode}}/reports/{{month}}.zip">全部下载 (ZIP)</a></p></div>
    <p>{{#summary}}<span class="status {{status}}">{{label}} {{count}}</span> {{/summary}}</p>
    <table><thead><tr><th>单位</th><th>代码</th><th>状态</th><th>上报时间</th><th>缺项</th><th>操作</th></tr></thead><tbody>
    {{#units}}<tr id="unit-{{code}}"><td><a href="/form/{{code}}?month={{month}}">{{name}}</a></td><td>{{code}}</td>
    <td><span class="status {{status}}">{{statusLabel}}</span>{{#reason}}<div class="hint">{{reason}}</div>{{/reason}}</td><td>{{submittedAt}}</td><td>{{missingCount}}</td>
    <td>{{#canApprove}}<button onclick="review('/api/v1/units/{{code}}/forms/{{month}}', true)">审核通过</button>{{/canApprove}}
    {{#canReturn}}<button onclick="review('/api/v1/units/{{code}}/forms/{{month}}', false)">退回</button>{{/canReturn}}</td></tr>{{/units}}
    </tbody></table>
    """

    static let templates = """
    <h1>模板管理 · 第 {{version}} 版</h1>
    <p class="hint">{{publishedAt}} 由 {{publishedBy}} 发布。{{fields}} 个字段, {{reports}} 张报表; 一年填报量 {{manual}} → {{form}} 项。</p>
    <div class="card"><select id="file" onchange="showFile()" onfocus="keepFile()">{{#files}}<option>{{.}}</option>{{/files}}</select>
    <textarea id="source" spellcheck="false" onblur="keepFile()"></textarea>
    <p><button id="check" onclick="templates(false)">检查</button> <button class="primary" id="publish" onclick="templates(true)">发布</button><span id="msg" class="msg"></span></p>
    <pre class="diag" id="diag"></pre></div>
    <script type="application/json" id="files">{{{filesJSON}}}</script>
    <script>document.addEventListener('DOMContentLoaded', loadFiles)</script>
    """
}
