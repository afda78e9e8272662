'use strict';
// Units over time (units.mustache): add, rename or move, close; a new units.csv previewed, then applied;
// search the tree.
(() => {
  const {call, say, errorText, el, appendList, ask} = window.BBT;

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
        if (form.id === 'unit-close' && code !== '') {
          const until = (form.querySelector('[name=until]') || {}).value || '';
          const sure = await ask(form, `撤并 ${code}${until ? ' (存续至 ' + until + ')' : ''}? 此后不再要求它填报, 已存的数据保留。`, '确认撤并');
          if (!sure) return;
        }
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

  // 催报推送地址: the list (GET /api/v1/webhooks) with 删除 each, and a form that sets one.
  const hookWords = {wecom: '企业微信', dingtalk: '钉钉', json: '平台 (JSON)'};
  function setupWebhooks() {
    const card = document.getElementById('webhooks-card');
    if (!card) return;
    const list = document.getElementById('webhooks-list'), form = document.getElementById('webhook-set');
    const msg = document.getElementById('webhook-msg');
    async function load() {
      const r = await call('GET', card.dataset.api);
      const hooks = r.ok ? r.data.webhooks : [];
      list.replaceChildren(...hooks.map(h => {
        const li = el('li', `${h.unitName} (${h.unit}) · ${hookWords[h.kind] || h.kind} · ${h.url} `);
        const remove = el('button', '删除');
        remove.type = 'button';
        remove.dataset.unit = h.unit;
        li.appendChild(remove);
        return li;
      }));
      if (!hooks.length) list.replaceChildren(el('li', '尚未设置: 催报只出现在各单位的待办中', 'hint'));
    }
    list.addEventListener('click', async e => {
      const b = e.target instanceof Element ? e.target.closest('button[data-unit]') : null;
      if (!b) return;
      if (!await ask(list, `删除 ${b.dataset.unit} 的催报推送地址?`, '确认删除')) return;
      const r = await call('DELETE', card.dataset.api + '/' + encodeURIComponent(b.dataset.unit));
      say(msg, r.ok ? '已删除' : errorText(r), r.ok);
      await load();
    });
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const code = form.querySelector('[name=code]').value.trim();
      const body = {kind: form.querySelector('[name=kind]').value, url: form.querySelector('[name=url]').value.trim()};
      try {
        const r = await call('PUT', card.dataset.api + '/' + encodeURIComponent(code), body);
        const fields = (r.data && r.data.error && r.data.error.fields) || {};
        say(msg, r.ok ? '已保存' : errorText(r) + (Object.keys(fields).length ? ': ' + Object.values(fields).join('; ') : ''), r.ok);
        if (r.ok) await load();
      } catch (err) {
        say(msg, '网络错误: ' + err.message, false);
      }
    });
    load();
  }

  const start = () => { setupUnits(); setupWebhooks(); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
