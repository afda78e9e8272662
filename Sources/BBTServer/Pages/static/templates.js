'use strict';
// The template editor (templates.mustache): edit, check, preview and publish the sources; import a
// department's XLSX as a draft report.
(() => {
  const {call, say, errorText, el, table, appendList} = window.BBT;

  // What publishing the edited files would change, against the published version.
  function showPreview(box, p, hasErrors) {
    box.replaceChildren();
    if (!p) { box.hidden = true; return; }
    box.hidden = false;
    const pct = x => (x * 100).toFixed(1) + '%';
    box.appendChild(el('h2', '发布前预览'));
    if (hasErrors) box.appendChild(el('p', '模板有错误, 改正后才能发布; 下面的预览只含读得懂的部分。', 'bad'));
    box.appendChild(el('p', `一年填报量 ${p.before.manualEntries} → ${p.before.formEntries} 项 (减少 ${pct(p.before.burdenReduction)}) 变为 ` +
      `${p.after.manualEntries} → ${p.after.formEntries} 项 (减少 ${pct(p.after.burdenReduction)}); 需要手工录入 ${p.before.typedEntries} → ${p.after.typedEntries} 项`, 'burden'));
    const list = (title, items, cls) => appendList(box, title, items, cls);
    list('新增报表', p.reportsAdded.map(r => `${r.id} ${r.title} (每个社区每年 ${r.entriesPerYear} 项)`));
    list('删除报表', p.reportsRemoved.map(r => `${r.id} ${r.title}`), 'bad');
    list('新增字段', p.fieldsAdded.map(f => `${f.id} ${f.label}`));
    list('删除字段', p.fieldsRemoved.map(f => `${f.id} ${f.label}` + (f.storedValues ? ` — 已存 ${f.storedValues} 个值, 发布后不再显示` : '')), 'bad');
    list('字段变化', p.fieldsChanged.map(f => `${f.id} ${f.label}: ${f.changes.join('; ')}`), 'bad');
    list('有错误未能读取的字段 (不是删除)', (p.fieldsUnreadable || []).map(f => `${f.id} ${f.label}`), 'bad');
    list('报表变化', (p.reportsChanged || []).map(r => `${r.id} ${r.title}: ${r.changes.join('; ')}`), 'bad');
    if (!p.reportsAdded.length && !p.reportsRemoved.length && !p.fieldsAdded.length && !p.fieldsRemoved.length && !p.fieldsChanged.length
        && !(p.reportsChanged || []).length && !(p.fieldsUnreadable || []).length) {
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
    // Line numbers beside the source, as the diagnostics count them (file:line:column).
    const gutter = document.getElementById('gutter');
    const number = () => {
      if (!gutter) return;
      const lines = source.value.split('\n').length;
      if (gutter.dataset.lines !== String(lines)) {
        gutter.textContent = Array.from({length: lines}, (_, i) => String(i + 1)).join('\n');
        gutter.dataset.lines = String(lines);
      }
      gutter.scrollTop = source.scrollTop;
    };
    source.value = files[current] ?? '';
    number();
    source.addEventListener('input', () => { files[current] = source.value; number(); });
    source.addEventListener('scroll', number);
    select.addEventListener('change', () => {
      files[current] = source.value;
      current = select.value;
      source.value = files[current] ?? '';
      source.scrollTop = 0;
      number();
    });
    function open(path, text) {
      files[current] = source.value;
      if (!(path in files)) select.appendChild(el('option', path)).value = path;
      files[path] = text;
      select.value = path;
      current = path;
      source.value = text;
      number();
    }
    const ask = document.getElementById('publish-confirm');
    async function send(publish, confirmed, review) {
      files[current] = source.value;
      if (ask) ask.hidden = true;
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
        out.textContent = list.length ? list.join('\n') : (r.ok ? '没有问题' : '');
        if (preview && r.data.preview) showPreview(preview, r.data.preview, r.data.ok === false);
        if (r.status === 409 && r.data.error && r.data.error.code === 'confirmation_required' && confirmBox) {
          document.getElementById('confirm-text').textContent = r.data.error.message;
          confirmBox.hidden = false;
          say(msg, '尚未发布: 请确认', false);
        } else if (!r.ok) say(msg, errorText(r), false);
        else if (publish) say(msg, '已发布为第 ' + r.data.version + ' 版', true);
        else if (review && r.data.ok && ask) {
          // 发布 shows what it would change first and publishes only once that is confirmed.
          ask.hidden = false;
          say(msg, '请看预览, 确认后发布', true);
          ask.scrollIntoView({block: 'nearest'});
        } else say(msg, r.data.ok ? '检查通过' : (review ? '有错误, 未发布' : '有错误'), !!r.data.ok);
      } catch (e) {
        say(msg, '网络错误: ' + e.message, false);
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    }
    const check = document.getElementById('check'), publish = document.getElementById('publish');
    if (check) check.addEventListener('click', () => send(false));
    if (publish) publish.addEventListener('click', () => send(false, false, true));
    const publishYes = document.getElementById('publish-yes'), publishNo = document.getElementById('publish-no');
    if (publishYes) publishYes.addEventListener('click', () => send(true));
    if (publishNo) publishNo.addEventListener('click', () => { ask.hidden = true; say(msg, '未发布', false); });
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

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setupEditor);
  else setupEditor();
})();
