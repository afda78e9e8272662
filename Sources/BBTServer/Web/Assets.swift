/// The stylesheet and the little JavaScript the pages use, served from memory.
enum Assets {
    static let css = """
    *{box-sizing:border-box}body{margin:0;font:15px/1.5 "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f5f6f8}
    header{background:#b3261e;color:#fff;padding:.5rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
    header a{color:#fff}header .brand{font-weight:700;font-size:1.1rem;text-decoration:none}header .who{margin-left:auto;font-size:.9rem}
    main{max-width:1100px;margin:0 auto;padding:1rem}h1{font-size:1.3rem;margin:.2rem 0 .8rem}
    .card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:1rem;margin-bottom:1rem}
    fieldset{border:1px solid #d0d7de;border-radius:6px;background:#fff;margin:0 0 1rem;padding:.6rem 1rem}
    legend{font-weight:700;padding:0 .4rem}
    .row{display:grid;grid-template-columns:minmax(9rem,16rem) minmax(8rem,12rem) 1fr;gap:.3rem .8rem;align-items:center;padding:.35rem 0;border-bottom:1px dashed #eee}
    .row:last-child{border-bottom:0}.row label{font-weight:600}.req{color:#b3261e}
    .row input,.row select{width:100%;padding:.3rem .4rem;font-size:1rem;border:1px solid #afb8c1;border-radius:4px}
    .row input.carried{background:#fff8e6}.hint{color:#57606a;font-size:.85rem}.unit{color:#57606a}
    .err{color:#b3261e;font-size:.85rem;grid-column:2/4}.row.bad input,.row.bad select{border-color:#b3261e;background:#fff0f0}
    .bar{position:sticky;bottom:0;background:#fff;border-top:1px solid #d0d7de;padding:.6rem 1rem;display:flex;gap:.6rem;align-items:center;flex-wrap:wrap}
    button,.button{font-size:1rem;padding:.4rem 1rem;border-radius:4px;border:1px solid #8c959f;background:#f6f8fa;cursor:pointer;text-decoration:none;color:#1f2328}
    button.primary{background:#b3261e;border-color:#8e1d17;color:#fff}button:disabled{opacity:.5}
    .status{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.85rem;background:#eaeef2}
    .status.submitted{background:#ddf4ff}.status.approved{background:#dafbe1}.status.returned{background:#ffebe9}.status.draft{background:#fff8c5}
    table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;font-size:.9rem}
    th{background:#f6f8fa}.msg{margin-left:.5rem}.msg.ok{color:#1a7f37}.msg.bad{color:#b3261e}
    textarea{width:100%;min-height:28rem;font:13px/1.4 monospace}pre.diag{white-space:pre-wrap;background:#f6f8fa;padding:.5rem;max-height:16rem;overflow:auto}
    @media (max-width:640px){.row{grid-template-columns:1fr}.err{grid-column:1}}
    """

    static let js = """
    'use strict';
    async function call(method, url, body) {
      const res = await fetch(url, {method, headers: {'Content-Type': 'application/json'}, body: body === undefined ? undefined : JSON.stringify(body)});
      let data = {};
      try { data = await res.json(); } catch (e) {}
      return {ok: res.ok, status: res.status, data};
    }
    function say(el, text, ok) { el.textContent = text; el.className = 'msg ' + (ok ? 'ok' : 'bad'); }
    async function saveForm(submit) {
      const form = document.getElementById('form'), msg = document.getElementById('msg');
      const values = {};
      for (const el of form.querySelectorAll('[data-field]')) {
        const id = el.dataset.field, type = el.dataset.type, v = el.value.trim();
        if (v === '') { values[id] = null; continue; }
        if (type === 'number') { const n = Number(v); values[id] = Number.isFinite(n) ? n : v; }
        else if (type === 'bool') { values[id] = v === 'true'; }
        else { values[id] = v; }
      }
      for (const row of form.querySelectorAll('.row.bad')) row.classList.remove('bad');
      for (const e of form.querySelectorAll('.err')) e.textContent = '';
      const r = await call('PUT', form.dataset.api, {values, version: Number(form.dataset.version), submit});
      if (r.ok) {
        form.dataset.version = r.data.version;
        const notes = (r.data.warnings || []).concat(r.data.errors || []);
        say(msg, (submit ? '已上报' : '已保存草稿') + (notes.length ? '。提示: ' + notes.join('; ') : ''), true);
        if (submit) setTimeout(() => { location.search = '?month=' + form.dataset.month; }, 600);
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
      say(msg, (r.data.error && r.data.error.message) || ('保存失败 (' + r.status + ')'), false);
      if (first) first.scrollIntoView({block: 'center'});
    }
    async function review(url, approve) {
      let body = {};
      if (!approve) { const reason = prompt('退回原因'); if (reason === null) return; body = {reason}; }
      const r = await call('POST', url + (approve ? '/approve' : '/return'), body);
      if (r.ok) location.reload(); else alert((r.data.error && r.data.error.message) || r.status);
    }
    let files = {};
    function loadFiles() { files = JSON.parse(document.getElementById('files').textContent); showFile(); }
    function showFile() { const p = document.getElementById('file').value; document.getElementById('source').value = files[p] || ''; }
    function keepFile() { files[document.getElementById('file').value] = document.getElementById('source').value; }
    async function templates(publish) {
      keepFile();
      const out = document.getElementById('diag'), msg = document.getElementById('msg');
      const r = await call(publish ? 'PUT' : 'POST', publish ? '/api/v1/templates' : '/api/v1/templates/check', {files});
      const d = r.data.diagnostics || (r.data.error ? [] : []);
      const list = (r.data.diagnostics || []).map(x => `${x.path}:${x.line}:${x.column}: ${x.severity}: ${x.message}`);
      out.textContent = list.length ? list.join('\\n') : '没有问题';
      if (publish) say(msg, r.ok ? '已发布为第 ' + r.data.version + ' 版' : ((r.data.error && r.data.error.message) || r.status), r.ok);
      else say(msg, r.data.ok ? '检查通过' : '有错误', r.data.ok);
    }
    """
}
