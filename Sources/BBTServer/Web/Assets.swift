/// The stylesheet, the little JavaScript the pages use and the favicon, served from memory.
///
/// The pages run under `script-src 'self'; style-src 'self'` (no 'unsafe-inline'): every look is a
/// class here and every behaviour is wired by `js` with addEventListener, never by markup.
enum Assets {
    static let css = """
    *{box-sizing:border-box}body{margin:0;font:15px/1.5 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f5f6f8}
    header{background:#b3261e;color:#fff;padding:.5rem 1rem;display:flex;gap:.3rem 1rem;align-items:center;flex-wrap:wrap}
    header a{color:#fff}header .brand{font-weight:700;font-size:1.1rem;text-decoration:none}
    header .who{margin-left:auto;font-size:.9rem;display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
    form.logout{display:inline;margin:0}form.logout button{font-size:.85rem;padding:.1rem .6rem}
    main{max-width:1100px;margin:0 auto;padding:1rem}h1{font-size:1.3rem;margin:.2rem 0 .8rem}
    .card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:1rem;margin-bottom:1rem}
    .card.login{max-width:24rem;margin:3rem auto}
    input.wide{width:100%;padding:.4rem .5rem;font-size:1rem;border:1px solid #afb8c1;border-radius:4px}
    fieldset{border:1px solid #d0d7de;border-radius:6px;background:#fff;margin:0 0 1rem;padding:.6rem 1rem;min-width:0}
    legend{font-weight:700;padding:0 .4rem}
    .row{display:grid;grid-template-columns:minmax(9rem,16rem) minmax(8rem,12rem) 1fr;gap:.3rem .8rem;align-items:center;padding:.35rem 0;border-bottom:1px dashed #eee}
    .row>*{min-width:0}.row:last-child{border-bottom:0}.row label{font-weight:600}.req{color:#b3261e}
    .row input,.row select{width:100%;padding:.3rem .4rem;font-size:1rem;border:1px solid #afb8c1;border-radius:4px}
    .row input.carried{background:#fff8e6}.row input.supplied{background:#eef6ff}
    .supply{grid-column:2/4;font-size:.85rem;color:#0b5394}.supply .reason{display:block;width:100%;margin-top:.2rem;padding:.3rem .4rem;border:1px solid #b3261e;border-radius:4px}
    .supply .reason[hidden]{display:none}.hint{color:#57606a;font-size:.85rem}.unit{color:#57606a}
    .err{color:#b3261e;font-size:.85rem;grid-column:2/4}.row.bad input,.row.bad select{border-color:#b3261e;background:#fff0f0}
    .bar{position:sticky;bottom:0;background:#fff;border-top:1px solid #d0d7de;padding:.6rem 1rem;display:flex;gap:.6rem;align-items:center;flex-wrap:wrap}
    button,.button{font-size:1rem;padding:.4rem 1rem;border-radius:4px;border:1px solid #8c959f;background:#f6f8fa;cursor:pointer;text-decoration:none;color:#1f2328;display:inline-block}
    button.primary{background:#b3261e;border-color:#8e1d17;color:#fff}button:disabled{opacity:.5;cursor:default}
    .status{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.85rem;background:#eaeef2;white-space:nowrap}
    .status.submitted{background:#ddf4ff}.status.approved{background:#dafbe1}.status.returned{background:#ffebe9}.status.draft{background:#fff8c5}
    .report{overflow-wrap:anywhere}.summary .status{margin:0 .2rem .2rem 0}
    .table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin-bottom:1rem;max-width:100%}
    table{border-collapse:collapse;width:100%;background:#fff}table.units{min-width:44rem}
    th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;font-size:.9rem}
    th{background:#f6f8fa;white-space:nowrap}td.actions{white-space:nowrap}td.actions button{font-size:.9rem;padding:.2rem .6rem}
    .msg{margin-left:.5rem}.msg.ok{color:#1a7f37}.msg.bad{color:#b3261e}
    .editor select{max-width:100%;font-size:1rem;padding:.2rem}.editor .actions,form.actions{display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
    textarea{display:block;width:100%;min-height:28rem;margin:.6rem 0;font:13px/1.4 monospace}
    .grid-form{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.5rem 1rem;margin-top:.5rem}
    .grid-form label{display:flex;flex-direction:column;font-size:.9rem}.grid-form .actions{grid-column:1/-1;display:flex;gap:.5rem;align-items:center;flex-wrap:wrap}
    .grid-form input,.grid-form select,#user-search{padding:.3rem .4rem;font-size:1rem;border:1px solid #afb8c1;border-radius:4px;max-width:100%}
    header .who a{color:#fff;font-size:.9rem}
    td.depth-1{padding-left:1.5rem}td.depth-2{padding-left:3rem}td.depth-3{padding-left:4.5rem}
    #mapping table,#preview table{min-width:36rem}.card.dropping{outline:2px dashed #b3261e;background:#fff8f7}.burden{font-weight:600}td.num{text-align:right}
    .change ul{margin:.2rem 0 .6rem}.change.bad strong{color:#b3261e}.confirm{border:1px solid #b3261e;background:#fff0f0;padding:.6rem;border-radius:4px;margin:.6rem 0}
    #import input[type=file]{max-width:100%}#import-id{padding:.3rem .4rem;font-size:1rem;border:1px solid #afb8c1;border-radius:4px;max-width:100%}
    .card h2{font-size:1.1rem}h2{font-size:1.15rem}
    pre.diag{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;padding:.5rem;max-height:16rem;overflow:auto}
    .explain{display:block}.explain ul{margin:.3rem 0;color:#9a6700}.explain textarea{min-height:4.5rem;font:inherit;padding:.4rem}
    .row.explain[hidden]{display:none}.row.bad textarea{border-color:#b3261e;background:#fff0f0}
    .explanation{color:#9a6700;white-space:normal;max-width:28rem}tr.marked>th,tr.marked>td:first-child{box-shadow:inset 3px 0 #d4a72c}
    .mark{display:inline-block;margin-left:.3rem;padding:0 .3rem;border-radius:3px;background:#fff8c5;color:#7d4e00;font-size:.75rem}
    .meta{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap;font-size:.9rem;margin-bottom:.5rem}
    table.sheet th{text-align:center;white-space:normal}table.sheet tbody th{text-align:left;font-weight:400;background:#fff;min-width:8rem}
    table.sheet td.num{text-align:right;font-variant-numeric:tabular-nums}table.sheet td a{display:block;color:inherit;text-decoration:none;min-height:1.2em}
    table.sheet td a:hover,table.sheet td a:focus{background:#ddf4ff;text-decoration:underline}table.sheet tr.total th,table.sheet tr.total td{font-weight:700}
    tr.designator th{font-weight:400;color:#57606a}td.code{white-space:nowrap;color:#57606a}
    .big{font-size:1.8rem;font-weight:700;font-variant-numeric:tabular-nums}table.inputs{width:auto;min-width:18rem;margin-top:.5rem}
    svg.spark{display:block;fill:none;stroke:#0969da;stroke-width:1.5}svg.spark circle{fill:#0969da;stroke:none}
    .strip{display:inline-flex;gap:2px}.strip .day{display:inline-block;width:.55rem;height:1rem;border-radius:2px;background:#eaeef2}
    .strip .on-time{background:#2da44e}.strip .late{background:#d4a72c}.strip .missing{background:#cf222e}.strip .none{background:#f6f8fa;border:1px solid #eaeef2}
    table.tally{min-width:40rem}
    @media (max-width:640px){
    main{padding:.6rem}header{padding:.5rem .6rem}header .who{margin-left:0}
    .card{padding:.7rem}.card.login{margin:1rem auto}fieldset{padding:.5rem .6rem}
    .row{grid-template-columns:1fr}.err,.supply{grid-column:1}.bar{padding:.5rem .6rem}
    textarea{min-height:18rem}}
    """

    static let js = """
    'use strict';
    // 报表通's pages run under a Content-Security-Policy without 'unsafe-inline': no markup runs code.
    // This script, loaded with defer (so the page is parsed when it runs), finds what it needs by id and
    // data-* attributes and wires it with addEventListener.
    (() => {
      async function call(method, url, body) {
        const res = await fetch(url, {method, credentials: 'same-origin', headers: {'Content-Type': 'application/json'},
                                      body: body === undefined ? undefined : JSON.stringify(body)});
        let data = {};
        try { data = (await res.json()) || {}; } catch (e) { data = {}; }
        return {ok: res.ok, status: res.status, data};
      }
      function say(el, text, ok) {
        if (!el) return;
        el.textContent = text;
        el.className = 'msg ' + (ok ? 'ok' : 'bad');
      }
      function errorText(r) { return (r.data.error && r.data.error.message) || ('请求失败 (' + r.status + ')'); }

      // The form: #save saves a draft, #submit submits; Enter in a field saves a draft (the form's
      // default button is #save), and the form itself never submits.
      function values(form) {
        const out = {};
        for (const el of form.querySelectorAll('[data-field]')) {
          const id = el.dataset.field, type = el.dataset.type, v = el.value.trim();
          if (v === '') { out[id] = null; continue; }
          if (type === 'number') { const n = Number(v); out[id] = Number.isFinite(n) ? n : v; }
          else if (type === 'bool') { out[id] = v === 'true'; }
          else { out[id] = v; }
        }
        return out;
      }
      // A value supplied by a department: the reason box shows while the value differs from it.
      function differs(input, provided) {
        const v = input.value.trim(), p = provided.dataset.value;
        if (input.dataset.type === 'number' && v !== '') return Number(v) !== Number(p);
        return v !== p;
      }
      function corrections(form) {
        const out = {};
        for (const el of form.querySelectorAll('[data-reason]')) {
          if (!el.hidden && el.value.trim() !== '') out[el.dataset.reason] = el.value.trim();
        }
        return out;
      }
      function setupSupplied(form) {
        for (const provided of form.querySelectorAll('[data-provided-for]')) {
          const id = provided.dataset.providedFor;
          const input = form.querySelector('[data-field="' + CSS.escape(id) + '"]');
          const reason = form.querySelector('[data-reason="' + CSS.escape(id) + '"]');
          if (!input || !reason) continue;
          const update = () => { reason.hidden = !differs(input, provided); };
          input.addEventListener('input', update);
          input.addEventListener('change', update);
        }
      }
      async function saveForm(form, submit, buttons) {
        const msg = document.getElementById('msg');
        let done = false;
        for (const b of buttons) b.disabled = true;
        try {
          for (const row of form.querySelectorAll('.row.bad')) row.classList.remove('bad');
          for (const e of form.querySelectorAll('.err')) e.textContent = '';
          const body = {values: values(form), version: Number(form.dataset.version), submit, corrections: corrections(form)};
          const box = document.getElementById('row-explanation'), text = document.getElementById('explanation');
          if (box && text && !box.hidden) body.explanation = text.value;
          const r = await call('PUT', form.dataset.api, body);
          showExplain(r.data.explain);
          if (r.ok) {
            form.dataset.version = r.data.version;
            const notes = (r.data.warnings || []).concat(r.data.errors || []);
            say(msg, (submit ? '已上报' : '已保存草稿') + (notes.length ? '。提示: ' + notes.join('; ') : ''), true);
            if (submit) {
              done = true;
              setTimeout(() => { location.search = '?month=' + encodeURIComponent(form.dataset.month); }, 600);
            }
            return;
          }
          const fields = (r.data.error && r.data.error.fields) || {};
          let first = null;
          for (const [id, text] of Object.entries(fields)) {
            const row = document.getElementById('row-' + id);
            if (!row) continue;
            row.classList.add('bad');
            row.querySelector('.err').textContent = text;
            first = first || row;
          }
          say(msg, errorText(r), false);
          if (first) first.scrollIntoView({block: 'center'});
        } catch (e) {
          say(msg, '网络错误, 未能保存: ' + e.message, false);
        } finally {
          if (!done) for (const b of buttons) b.disabled = false;
        }
      }
      // 核实性审核: the 上报说明 box appears with the explain rules that fail, listed above it.
      function showExplain(rules) {
        const box = document.getElementById('row-explanation'), list = document.getElementById('explain-rules');
        if (!box || !list || !Array.isArray(rules)) return;
        list.replaceChildren(...rules.map(text => el('li', text)));
        if (rules.length) box.hidden = false;
      }
      function setupForm() {
        const form = document.getElementById('form');
        if (!form) return;
        form.addEventListener('submit', e => e.preventDefault());
        setupSupplied(form);
        const save = document.getElementById('save'), submit = document.getElementById('submit');
        const buttons = [save, submit].filter(Boolean);
        for (const b of buttons) {
          b.addEventListener('click', e => {
            e.preventDefault();
            if (!b.disabled) saveForm(form, b === submit, buttons);
          });
        }
      }

      // The review table: buttons with data-review="…/forms/MONTH" and data-approve="true|false".
      function setupReview() {
        document.addEventListener('click', async e => {
          const b = e.target instanceof Element ? e.target.closest('button[data-review]') : null;
          if (!b || b.disabled) return;
          const approve = b.dataset.approve === 'true';
          let body = {};
          if (!approve) {
            const reason = prompt('退回原因');
            if (reason === null) return;
            body = {reason};
          }
          // Both buttons of the row wait for the answer: a second click would only meet a 409.
          const row = b.closest('tr');
          const buttons = row ? Array.from(row.querySelectorAll('button[data-review]')) : [b];
          for (const x of buttons) x.disabled = true;
          try {
            const r = await call('POST', b.dataset.review + (approve ? '/approve' : '/return'), body);
            if (r.ok) { location.reload(); return; }
            alert(errorText(r));
          } catch (err) {
            alert('网络错误: ' + err.message);
          }
          for (const x of buttons) x.disabled = false;
        });
      }

      // Builds an element with text (never HTML) and optional class.
      function el(tag, text, cls) {
        const e = document.createElement(tag);
        if (text !== undefined && text !== null) e.textContent = String(text);
        if (cls) e.className = cls;
        return e;
      }
      function table(head, rows) {
        const wrap = el('div', null, 'table-wrap'), t = el('table'), tr = el('tr');
        for (const h of head) tr.appendChild(el('th', h));
        const thead = el('thead'); thead.appendChild(tr); t.appendChild(thead);
        const body = el('tbody');
        for (const r of rows) {
          const row = el('tr');
          for (const c of r) row.appendChild(c instanceof Element ? (() => { const td = el('td'); td.appendChild(c); return td; })() : el('td', c));
          body.appendChild(row);
        }
        t.appendChild(body); wrap.appendChild(t);
        return wrap;
      }

      // A titled list of changes (nothing when there are none), as text.
      function appendList(box, title, items, cls) {
        if (!items.length) return;
        const section = el('div', null, 'change ' + (cls || ''));
        section.appendChild(el('strong', title));
        const ul = el('ul');
        for (const i of items) ul.appendChild(el('li', i));
        section.appendChild(ul);
        box.appendChild(section);
      }

      // What publishing the edited files would change, against the published version.
      function showPreview(box, p) {
        box.replaceChildren();
        if (!p) { box.hidden = true; return; }
        box.hidden = false;
        const pct = x => (x * 100).toFixed(1) + '%';
        box.appendChild(el('h2', '发布前预览'));
        box.appendChild(el('p', `一年填报量 ${p.before.manualEntries} → ${p.before.formEntries} 项 (减少 ${pct(p.before.burdenReduction)}) 变为 ` +
          `${p.after.manualEntries} → ${p.after.formEntries} 项 (减少 ${pct(p.after.burdenReduction)}); 需要手工录入 ${p.before.typedEntries} → ${p.after.typedEntries} 项`, 'burden'));
        const list = (title, items, cls) => appendList(box, title, items, cls);
        list('新增报表', p.reportsAdded.map(r => `${r.id} ${r.title} (每个社区每年 ${r.entriesPerYear} 项)`));
        list('删除报表', p.reportsRemoved.map(r => `${r.id} ${r.title}`), 'bad');
        list('新增字段', p.fieldsAdded.map(f => `${f.id} ${f.label}`));
        list('删除字段', p.fieldsRemoved.map(f => `${f.id} ${f.label}` + (f.storedValues ? ` — 已存 ${f.storedValues} 个值, 发布后不再显示` : '')), 'bad');
        list('字段变化', p.fieldsChanged.map(f => `${f.id} ${f.label}: ${f.changes.join('; ')}`), 'bad');
        if (!p.reportsAdded.length && !p.reportsRemoved.length && !p.fieldsAdded.length && !p.fieldsRemoved.length && !p.fieldsChanged.length) {
          box.appendChild(el('p', '与已发布的版本相比, 报表和字段没有变化。'));
        }
      }

      // The template editor: every file's source from the #files JSON block; #source shows the file
      // selected in #file and edits are kept per file; 检查 shows diagnostics and the preview, 发布 sends
      // all files and, when the new version would hide stored values, asks before sending again.
      function setupEditor() {
        const data = document.getElementById('files'), select = document.getElementById('file');
        const source = document.getElementById('source'), out = document.getElementById('diag'), msg = document.getElementById('msg');
        const preview = document.getElementById('preview'), confirmBox = document.getElementById('confirm');
        if (!data || !select || !source) return;
        let files;
        try { files = JSON.parse(data.textContent); } catch (e) { say(msg, '模板文件读取失败: ' + e.message, false); return; }
        let current = select.value;
        source.value = files[current] ?? '';
        source.addEventListener('input', () => { files[current] = source.value; });
        select.addEventListener('change', () => {
          files[current] = source.value;
          current = select.value;
          source.value = files[current] ?? '';
        });
        function open(path, text) {
          files[current] = source.value;
          if (!(path in files)) select.appendChild(el('option', path)).value = path;
          files[path] = text;
          select.value = path;
          current = path;
          source.value = text;
        }
        async function send(publish, confirmed) {
          files[current] = source.value;
          const buttons = [document.getElementById('check'), document.getElementById('publish')].filter(Boolean);
          for (const b of buttons) b.disabled = true;
          if (confirmBox) confirmBox.hidden = true;
          say(msg, publish ? '发布中…' : '检查中…', true);
          try {
            const body = confirmed ? {files, confirm: true} : {files};
            const r = await call(publish ? 'PUT' : 'POST', publish ? '/api/v1/templates' : '/api/v1/templates/check', body);
            const list = (r.data.diagnostics || []).map(x => `${x.path}:${x.line}:${x.column}: ${x.severity}: ${x.message}`);
            const fields = (r.data.error && r.data.error.fields) || {};
            for (const [path, text] of Object.entries(fields)) list.push(`${path}: error: ${text}`);
            out.textContent = list.length ? list.join('\\n') : (r.ok ? '没有问题' : '');
            if (preview && r.data.preview) showPreview(preview, r.data.preview);
            if (r.status === 409 && r.data.error && r.data.error.code === 'confirmation_required' && confirmBox) {
              document.getElementById('confirm-text').textContent = r.data.error.message;
              confirmBox.hidden = false;
              say(msg, '尚未发布: 请确认', false);
            } else if (!r.ok) say(msg, errorText(r), false);
            else if (publish) say(msg, '已发布为第 ' + r.data.version + ' 版', true);
            else say(msg, r.data.ok ? '检查通过' : '有错误', !!r.data.ok);
          } catch (e) {
            say(msg, '网络错误: ' + e.message, false);
          } finally {
            for (const b of buttons) b.disabled = false;
          }
        }
        const check = document.getElementById('check'), publish = document.getElementById('publish');
        if (check) check.addEventListener('click', () => send(false));
        if (publish) publish.addEventListener('click', () => send(true));
        const yes = document.getElementById('confirm-publish'), no = document.getElementById('confirm-cancel');
        if (yes) yes.addEventListener('click', () => send(true, true));
        if (no) no.addEventListener('click', () => { confirmBox.hidden = true; say(msg, '未发布', false); });
        setupImport(open);
      }

      // A department's XLSX: sent as it is; the draft opens in the editor as a new file, the mapping
      // of its columns beside it.
      function setupImport(open) {
        const form = document.getElementById('import');
        if (!form) return;
        const file = document.getElementById('import-file'), id = document.getElementById('import-id');
        const button = document.getElementById('import-button'), msg = document.getElementById('import-msg');
        const box = document.getElementById('mapping');
        // A department's file dropped on the card is taken as if chosen.
        const card = form.closest('.card') || form;
        card.addEventListener('dragover', e => { e.preventDefault(); card.classList.add('dropping'); });
        card.addEventListener('dragleave', () => card.classList.remove('dropping'));
        card.addEventListener('drop', e => {
          e.preventDefault();
          card.classList.remove('dropping');
          if (!e.dataTransfer || !e.dataTransfer.files.length) return;
          file.files = e.dataTransfer.files;
          form.requestSubmit();
        });
        form.addEventListener('submit', async e => {
          e.preventDefault();
          if (!file.files.length) { say(msg, '请先选择 XLSX 文件', false); return; }
          button.disabled = true;
          say(msg, '读取中…', true);
          try {
            const f = file.files[0];
            const query = new URLSearchParams({name: f.name});
            if (id.value.trim()) query.set('id', id.value.trim());
            const res = await fetch('/api/v1/templates/import?' + query, {method: 'POST', credentials: 'same-origin',
              headers: {'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'}, body: await f.arrayBuffer()});
            let data = {};
            try { data = await res.json(); } catch (_) {}
            if (!res.ok) { say(msg, errorText({status: res.status, data}), false); return; }
            open(data.path, data.report);
            const known = data.columns.length - data.newFields;
            say(msg, `已生成 ${data.path}: ${data.columns.length} 个栏目, ${known} 个已在采集, ${data.newFields} 个新字段`, true);
            box.replaceChildren();
            box.hidden = false;
            box.appendChild(el('p', `单独填写这张表每个社区每年 ${data.manualEntries} 项; 并入一张表单后每年只多填 ${data.addedEntries} 项。`, 'burden'));
            box.appendChild(table(['表头', '对应字段', '说明'], data.columns.map(c => {
              const target = el('span', c.field ? c.field : '新字段 ' + c.newField, c.field ? (c.unsure ? 'status draft' : 'status approved') : 'status submitted');
              return [c.header.join(' › '), target, c.reason];
            })));
          } catch (err) {
            say(msg, '网络错误: ' + err.message, false);
          } finally {
            button.disabled = false;
          }
        });
      }

      // The provider's page: a CSV file sent as it is; the answer, or every refused row, below it.
      function setupUpload() {
        const form = document.getElementById('upload');
        if (!form) return;
        const file = document.getElementById('upload-file'), button = document.getElementById('upload-button');
        const msg = document.getElementById('msg'), out = document.getElementById('upload-result');
        form.addEventListener('submit', async e => {
          e.preventDefault();
          if (!file.files.length) { say(msg, '请先选择 CSV 文件', false); return; }
          button.disabled = true;
          say(msg, '上传中…', true);
          try {
            const text = await file.files[0].text();
            const res = await fetch(form.dataset.api, {method: 'PUT', headers: {'Content-Type': 'text/csv; charset=utf-8'}, body: text});
            let data = {};
            try { data = await res.json(); } catch (_) {}
            if (res.ok) {
              const conflicts = data.conflicts || [];
              say(msg, `已保存 ${data.stored} 项, 未变 ${data.unchanged} 项, 与社区已填数据不同 ${conflicts.length} 项`, true);
              out.hidden = conflicts.length === 0;
              out.textContent = conflicts.map(c => `${c.unit} ${c.field} ${c.period}: 部门 ${c.provided}, 社区 ${c.value}`).join('\\n');
            } else {
              say(msg, errorText({status: res.status, data}), false);
              const fields = (data.error && data.error.fields) || {};
              out.hidden = false;
              out.textContent = Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\\n');
            }
          } catch (err) {
            say(msg, '网络错误: ' + err.message, false);
          } finally {
            button.disabled = false;
          }
        });
      }

      // One's own password: the new one twice, then home (which the server now lets through).
      function setupPassword() {
        const form = document.getElementById('password-form');
        if (!form) return;
        const msg = document.getElementById('msg'), button = document.getElementById('change-password');
        form.addEventListener('submit', async e => {
          e.preventDefault();
          const old = document.getElementById('old-password').value, fresh = document.getElementById('new-password').value;
          if (fresh !== document.getElementById('new-password-again').value) { say(msg, '两次输入的新密码不一致', false); return; }
          button.disabled = true;
          try {
            const r = await call('POST', '/api/v1/me/password', {old, new: fresh});
            if (r.ok) { say(msg, '密码已修改', true); setTimeout(() => { location.href = '/'; }, 600); return; }
            const fields = (r.data.error && r.data.error.fields) || {};
            say(msg, Object.values(fields).join('; ') || errorText(r), false);
          } catch (err) {
            say(msg, '网络错误: ' + err.message, false);
          }
          button.disabled = false;
        });
      }

      // Accounts: the form creates a user, or after 编辑 changes one (PATCH with what the form
      // holds; a password only if one is typed); the rows' buttons reset a password or disable.
      function setupUsers() {
        const form = document.getElementById('user-form');
        if (!form) return;
        const msg = document.getElementById('msg'), save = document.getElementById('u-save'), cancel = document.getElementById('u-cancel');
        const title = document.getElementById('user-form-title');
        const field = id => document.getElementById('u-' + id);
        let editing = null;
        function reset() {
          editing = null; form.reset(); field('username').disabled = false;
          save.textContent = '新建'; title.textContent = '新建用户'; cancel.hidden = true;
        }
        function fail(r) {
          const fields = (r.data.error && r.data.error.fields) || {};
          say(msg, errorText(r) + (Object.keys(fields).length ? ': ' + Object.entries(fields).map(([k, v]) => `${k} ${v}`).join('; ') : ''), false);
        }
        form.addEventListener('submit', async e => {
          e.preventDefault();
          const body = {role: field('role').value, unit: field('unit').value.trim(), source: field('source').value || null};
          const password = field('password').value;
          save.disabled = true;
          try {
            let r;
            if (editing) {
              if (password) body.password = password;
              r = await call('PATCH', '/api/v1/users/' + encodeURIComponent(editing), body);
            } else {
              body.username = field('username').value.trim();
              body.password = password;
              r = await call('POST', '/api/v1/users', body);
            }
            if (r.ok) { say(msg, editing ? '已保存' : '已新建 ' + r.data.username + ' (临时密码, 首次登录须修改)', true); setTimeout(() => location.reload(), 700); }
            else fail(r);
          } catch (err) {
            say(msg, '网络错误: ' + err.message, false);
          } finally {
            save.disabled = false;
          }
        });
        cancel.addEventListener('click', reset);
        const search = document.getElementById('user-search');
        if (search) search.addEventListener('input', () => {
          const q = search.value.trim().toLowerCase();
          for (const row of document.querySelectorAll('#users tbody tr')) row.hidden = q !== '' && !row.dataset.search.toLowerCase().includes(q);
        });
        document.addEventListener('click', async e => {
          const b = e.target instanceof Element ? e.target.closest('button[data-edit],button[data-reset],button[data-disable],button[data-enable]') : null;
          if (!b) return;
          const row = b.closest('tr');
          if (b.dataset.edit) {
            editing = b.dataset.edit;
            field('username').value = editing; field('username').disabled = true;
            field('role').value = row.dataset.role; field('unit').value = row.dataset.unit; field('source').value = row.dataset.source;
            field('password').value = '';
            save.textContent = '保存修改'; title.textContent = '修改用户 ' + editing; cancel.hidden = false;
            form.scrollIntoView({block: 'start'});
            return;
          }
          let body;
          if (b.dataset.reset) {
            const password = prompt('为 ' + b.dataset.reset + ' 设置临时密码 (至少 8 个字符; 对方首次登录须修改)');
            if (password === null) return;
            body = {password};
          } else {
            body = {disabled: !!b.dataset.disable};
          }
          const who = b.dataset.reset || b.dataset.disable || b.dataset.enable;
          b.disabled = true;
          try {
            const r = await call('PATCH', '/api/v1/users/' + encodeURIComponent(who), body);
            if (r.ok) { location.reload(); return; }
            fail(r);
          } catch (err) {
            say(msg, '网络错误: ' + err.message, false);
          }
          b.disabled = false;
        });
      }

      // Units: each small form sends its inputs as JSON (empty ones left out); the units file is sent
      // for a preview first, and 应用 sends it again with apply=true.
      function setupUnits() {
        for (const form of document.querySelectorAll('#unit-add, #unit-change, #unit-close')) {
          const msg = form.querySelector('.msg');
          form.addEventListener('submit', async e => {
            e.preventDefault();
            const body = {};
            for (const input of form.querySelectorAll('input[name], select[name]')) {
              if (input.value.trim() !== '' && input.name !== 'code' || (input.name === 'code' && form.dataset.method === 'POST')) body[input.name] = input.value.trim();
            }
            const code = form.querySelector('[name=code]').value.trim();
            const url = form.dataset.method === 'POST' ? '/api/v1/units' : '/api/v1/units/' + encodeURIComponent(code);
            try {
              const r = await call(form.dataset.method, url, body);
              if (r.ok) { say(msg, '已保存', true); setTimeout(() => location.reload(), 600); return; }
              const fields = (r.data.error && r.data.error.fields) || {};
              say(msg, errorText(r) + (Object.keys(fields).length ? ': ' + Object.values(fields).join('; ') : ''), false);
            } catch (err) {
              say(msg, '网络错误: ' + err.message, false);
            }
          });
        }
        const search = document.getElementById('unit-search');
        if (search) search.addEventListener('input', () => {
          const q = search.value.trim().toLowerCase();
          for (const row of document.querySelectorAll('#unit-tree tbody tr')) row.hidden = q !== '' && !row.dataset.search.toLowerCase().includes(q);
        });
        const form = document.getElementById('units-import');
        if (!form) return;
        const file = document.getElementById('units-file'), from = document.getElementById('units-from');
        const apply = document.getElementById('units-apply'), msg = document.getElementById('units-msg'), out = document.getElementById('units-result');
        async function send(applying) {
          if (!file.files.length) { say(msg, '请先选择 units.csv', false); return; }
          const query = new URLSearchParams({from: from.value.trim()});
          if (applying) query.set('apply', 'true');
          const res = await fetch('/api/v1/units/import?' + query, {method: 'POST', credentials: 'same-origin',
            headers: {'Content-Type': 'text/csv; charset=utf-8'}, body: await file.files[0].text()});
          let data = {};
          try { data = await res.json(); } catch (_) {}
          if (!res.ok) {
            const fields = (data.error && data.error.fields) || {};
            say(msg, errorText({status: res.status, data}) + (Object.keys(fields).length ? ': ' + Object.values(fields).join('; ') : ''), false);
            apply.hidden = true;
            return;
          }
          const p = data.preview;
          out.replaceChildren();
          out.hidden = false;
          const list = (title, items) => appendList(out, `${title} ${items.length}`, items);
          list('新增', p.added.map(u => `${u.code} ${u.name} (上级 ${u.parent || '-'})`));
          list('改名', p.renamed.map(u => `${u.code}: ${u.from} → ${u.to}`));
          list('迁移', p.moved.map(u => `${u.code} ${u.name}: ${u.from || '-'} → ${u.to || '-'}`));
          list('撤并', p.closed.map(u => `${u.code} ${u.name} (存续至 ${u.until})`));
          out.appendChild(el('p', `不变 ${p.unchanged} 个单位`, 'hint'));
          if (data.applied) { say(msg, '已应用, 自 ' + p.from + ' 起生效', true); apply.hidden = true; setTimeout(() => location.reload(), 900); }
          else { say(msg, '预览如下, 确认后点“应用”', true); apply.hidden = false; }
        }
        form.addEventListener('submit', async e => {
          e.preventDefault();
          try { await send(false); } catch (err) { say(msg, '网络错误: ' + err.message, false); }
        });
        apply.addEventListener('click', async () => {
          try { await send(true); } catch (err) { say(msg, '网络错误: ' + err.message, false); }
        });
      }

      function init() {
        setupUnits();
        setupPassword();
        setupUsers();
        setupForm();
        setupUpload();
        setupReview();
        setupEditor();
        document.documentElement.dataset.app = 'ready';  // for the browser test: the script ran
      }
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
      else init();
    })();
    """

    /// `/static/favicon.svg`: a white table on the header's red.
    static let favicon = """
    <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="32" height="32">
    <rect width="32" height="32" rx="6" fill="#b3261e"/>
    <path d="M7 9.5h18M7 16h18M7 22.5h18M13 9.5v13" stroke="#fff" stroke-width="2.5" stroke-linecap="round" fill="none"/>
    </svg>
    """
}
