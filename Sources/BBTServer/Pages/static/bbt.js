'use strict';
// 报表通's pages run under a Content-Security-Policy without 'unsafe-inline': no markup runs code.
// This shared script is loaded first, with defer, on every page; each page's own script (loaded after
// it, also with defer, so the page is parsed and BBT is there when it runs) finds what it needs by id
// and data-* attributes and wires it with addEventListener. What the pages share is window.BBT.
(() => {
  // One JSON request with the session cookie: {ok, status, data} (data {} when the answer is not JSON).
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

  // Asks in the page, under `anchor` (no confirm() or prompt(): a 政务 app's web view may show
  // neither): a question with 确认 and 取消, and an input when `input` names what to type. Resolves
  // with the text typed (or true), or null when cancelled.
  function ask(anchor, question, okLabel, input) {
    const old = document.getElementById('ask');
    if (old) old.remove();
    return new Promise(resolve => {
      const box = el('div', null, 'card confirm'); box.id = 'ask';
      box.appendChild(el('p', question, 'ask-text'));
      let field = null;
      if (input) {
        const label = el('label', input.label); field = el('input'); field.id = 'ask-input';
        field.type = input.type || 'text'; field.autocomplete = 'off'; label.appendChild(field); box.appendChild(label);
      }
      const bar = el('p', null, 'actions'), ok = el('button', okLabel || '确认', 'primary'), no = el('button', '取消');
      ok.type = 'button'; no.type = 'button'; ok.id = 'ask-ok'; no.id = 'ask-cancel';
      const msg = el('span', '', 'msg');
      bar.append(ok, ' ', no, msg); box.appendChild(bar);
      const done = v => { box.remove(); resolve(v); };
      ok.addEventListener('click', () => {
        if (!field) return done(true);
        if (field.value.trim() === '') { say(msg, '请填写' + input.label, false); field.focus(); return; }
        done(field.value);
      });
      no.addEventListener('click', () => done(null));
      const row = anchor.closest('tr');
      // After the row's table (a div cannot sit between rows), or after the element itself.
      const after = row ? row.closest('.table-wrap') || row.closest('table') : anchor;
      after.after(box);
      box.scrollIntoView({block: 'nearest'});
      (field || ok).focus();
    });
  }

  // A form's per-field errors (an API's `error.fields`): each message in the form's
  // [data-err=NAME] slot and its [data-member=NAME] input marked; `aliases` maps an API member to the
  // form's name (`source` → `file`). The messages no slot takes are returned.
  function clearFieldErrors(form) {
    for (const e of form.querySelectorAll('[data-err]')) e.textContent = '';
    for (const e of form.querySelectorAll('.bad')) e.classList.remove('bad');
  }
  function showFieldErrors(form, fields, aliases) {
    const rest = [];
    for (const [name, text] of Object.entries(fields || {})) {
      const key = (aliases && aliases[name]) || name;
      const slot = form.querySelector(`[data-err="${CSS.escape(key)}"]`);
      if (!slot) { rest.push(text); continue; }
      slot.textContent = slot.textContent ? slot.textContent + '; ' + text : text;
      const input = form.querySelector(`[data-member="${CSS.escape(key)}"]`) || (key === 'file' ? form.querySelector('input[type=file]') : null);
      if (input) input.classList.add('bad');
    }
    return rest;
  }

  window.BBT = Object.freeze({call, say, errorText, el, table, appendList, ask, clearFieldErrors, showFieldErrors});

  // 待办: what waits for the user (GET /api/v1/me/todo), soonest first, under the header of every
  // page of a logged-in user; hidden when nothing waits.
  const todoWords = {fill: '待填报', returned: '被退回', review: '待审核', late: '逾期未报', supply: '待上传',
    decide: '待决定的报表申请', revise: '退回待修改的报表申请', decided: '报表申请已有决定'};
  // A form still to fill shows the 催报 sent about it (GET /api/v1/me/notices), newest first; once
  // the form is handed in they go with it.
  const noticeWords = {manual: '催报', before: '截止提醒', overdue: '逾期提醒'};
  const chinaDay = iso => new Date(Date.parse(iso) + 8 * 3600e3).toISOString().slice(0, 10);
  async function showTodo() {
    const box = document.getElementById('todo');
    if (!box) return;
    const [r, n] = await Promise.all([call('GET', box.dataset.todo), call('GET', box.dataset.notices)]);
    const items = (r.ok && Array.isArray(r.data.items)) ? r.data.items : [];
    if (!items.length) return;
    const open = new Set(items.filter(i => i.kind === 'fill' || i.kind === 'returned').map(i => i.month));
    const notices = (n.ok && Array.isArray(n.data.notices)) ? n.data.notices.filter(x => open.has(x.month)).slice(0, 3) : [];
    const list = el('ul');
    for (const i of items) {
      const li = el('li', null, 'todo-' + i.kind);
      const href = typeof i.request === 'number' ? '/requests/' + i.request
        : i.kind === 'supply' ? box.dataset.source + '?month=' + i.month : '/form/' + i.unit + '?month=' + i.month;
      const what = typeof i.request === 'number' ? i.title + (i.kind === 'decided' ? (i.requestStatus === 'approved' ? ' (已准入)' : ' (不予准入)') : '')
        : `${i.unitName ? i.unitName + ' · ' : ''}${i.month}`;
      const a = el('a', `${todoWords[i.kind] || i.kind} · ${what}`);
      a.href = href;
      li.appendChild(a);
      if (typeof i.daysLeft === 'number') {
        li.appendChild(el('span', i.daysLeft < 0 ? ` 已逾期 ${-i.daysLeft} 天` : ` ${i.due} 截止, 还有 ${i.daysLeft} 天`,
                          i.daysLeft < 0 ? 'late' : 'left'));
      }
      if (i.reason) li.appendChild(el('span', ` 退回原因: ${i.reason}`, 'reason'));
      list.appendChild(li);
    }
    for (const x of notices) {
      const li = el('li', null, 'todo-notice');
      li.appendChild(el('span', `${noticeWords[x.kind] || x.kind} · ${chinaDay(x.at)} `, 'notice-kind'));
      li.appendChild(el('span', x.message, 'notice-text'));
      list.appendChild(li);
    }
    box.replaceChildren(el('strong', `待办 (${items.length})`), list);
    box.hidden = false;
  }

  // For the browser test: the scripts ran. Deferred scripts all run before DOMContentLoaded, so by
  // then the page's own script has run too.
  // The installable app: a logged-in page registers the service worker (sw.js: the form opens again
  // offline); the log-in page, where a user has just left, empties what it kept of their pages.
  function serviceWorker() {
    if (!('serviceWorker' in navigator)) return;
    if (document.getElementById('logout')) navigator.serviceWorker.register('/sw.js').catch(() => {});
    else if (window.caches) caches.delete('bbt-pages-v1').catch(() => {});
  }

  const ready = () => { showTodo(); serviceWorker(); document.documentElement.dataset.app = 'ready'; };
  if (document.readyState === 'complete') ready();
  else document.addEventListener('DOMContentLoaded', ready);
})();
