'use strict';
// The filler's form (form.mustache): save a draft, submit, department values and their corrections,
// the 上报说明 of 核实性审核.
(() => {
  const {call, say, errorText, el} = window.BBT;

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
  // Active editing time (减负, measured): a second counts while the page is shown and the filler
  // typed or moved into a field within the last minute; each save sends what it counted since the
  // last one that was stored.
  const activity = {last: 0, seconds: 0};
  function trackActivity(form) {
    const touch = () => { activity.last = Date.now(); };
    for (const type of ['input', 'focusin', 'keydown', 'pointerdown']) form.addEventListener(type, touch);
    setInterval(() => {
      if (document.visibilityState === 'visible' && Date.now() - activity.last <= 60000) activity.seconds += 1;
    }, 1000);
  }
  // Offline: an edit that cannot reach the server is kept on the device (IndexedDB), with the values
  // the page was opened with and the version it was edited from, shown again when the page is opened
  // again (from the service worker's copy) and sent as soon as the server answers. A 409 then compares
  // three ways: a field only this device changed keeps its value, one only the server's copy changed
  // takes that, and one both changed is shown with both values for the filler to choose.
  const offline = {base: null, shown: null, inFlight: false, resolving: false};
  function idb(mode, run) {
    return new Promise((resolve, reject) => {
      const open = indexedDB.open('bbt-offline', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('pending', {keyPath: 'api'});
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const tx = open.result.transaction('pending', mode), req = run(tx.objectStore('pending'));
        tx.oncomplete = () => { open.result.close(); resolve(req && req.result); };
        tx.onerror = () => { open.result.close(); reject(tx.error); };
      };
    });
  }
  const pendingGet = api => idb('readonly', s => s.get(api)).then(v => v || null);
  const pendingPut = entry => idb('readwrite', s => s.put(entry));
  const pendingDelete = api => idb('readwrite', s => s.delete(api));
  const same = (a, b) => (a === null || a === undefined ? '' : String(a)) === (b === null || b === undefined ? '' : String(b));
  function changedCount(values, base) { return Object.keys(values).filter(id => !same(values[id], base[id])).length; }
  async function showOffline(form) {
    const line = document.getElementById('offline');
    if (!line) return;
    const p = await pendingGet(form.dataset.api).catch(() => null);
    line.hidden = !p;
    if (p) line.textContent = `离线 · ${changedCount(p.values, p.base)} 项修改${p.submit ? '和上报' : ''}保存在本机, 联网后自动发送`;
  }
  async function keep(form, body, submit) {
    await pendingPut({api: form.dataset.api, month: form.dataset.month, version: body.version, base: offline.base, shown: offline.shown,
                      values: body.values, corrections: body.corrections, explanation: body.explanation, submit, at: Date.now()});
    await showOffline(form);
  }
  function setInputs(form, values) {
    for (const input of form.querySelectorAll('[data-field]')) {
      const id = input.dataset.field;
      if (id in values) input.value = values[id] === null || values[id] === undefined ? '' : String(values[id]);
    }
    form.dispatchEvent(new Event('input', {bubbles: true}));
  }
  // After a 409: the server's copy now, compared with what this device holds and what it began from.
  async function resolveConflict(form, submit, buttons) {
    const r = await call('GET', form.dataset.api);
    if (!r.ok) return false;
    // Mine changed: differs from what the page showed when opened (a carried or supplied value left
    // as offered is not a change). Theirs changed: differs from what was stored then.
    const theirs = r.data.values || {}, mine = values(form), base = offline.base || {}, shown = offline.shown || {};
    const conflicts = [];
    const merged = {};
    for (const id of Object.keys(mine)) {
      const t = id in theirs ? theirs[id] : null;
      const mineChanged = !same(mine[id], shown[id]), theirsChanged = !same(t, base[id]);
      if (!theirsChanged || same(mine[id], t)) { merged[id] = mine[id]; continue; }
      if (!mineChanged) { merged[id] = t; continue; }
      conflicts.push({id, mine: mine[id], theirs: t});
      merged[id] = mine[id];
    }
    setInputs(form, merged);
    form.dataset.version = r.data.version;
    offline.base = theirs;
    offline.shown = Object.assign({}, merged);
    await pendingPut({api: form.dataset.api, month: form.dataset.month, version: r.data.version, base: offline.base, shown: offline.shown,
                      values: merged, submit, at: Date.now()}).catch(() => {});
    if (!conflicts.length) { await saveForm(form, submit, buttons); return true; }
    offline.resolving = true;
    const box = document.getElementById('conflict');
    box.replaceChildren(el('strong', '这张表单在别处改过: 下列各项两边不同, 请选择保留哪一个'));
    for (const c of conflicts) {
      const row = el('div', null, 'conflict-row'), label = document.getElementById('row-' + c.id)?.querySelector('label');
      row.appendChild(el('span', (label ? label.textContent : c.id) + ': ', 'conflict-field'));
      for (const [which, value, text] of [['mine', c.mine, '保留我的'], ['theirs', c.theirs, '用已存的']]) {
        const l = el('label'), radio = el('input');
        radio.type = 'radio'; radio.name = 'conflict-' + c.id; radio.value = which; radio.checked = which === 'mine';
        radio.id = `conflict-${c.id}-${which}`;
        l.append(radio, ` ${text} (${value === null || value === '' ? '空' : value})`);
        row.appendChild(l);
      }
      box.appendChild(row);
    }
    const go = el('button', submit ? '按所选保存并上报' : '按所选保存', 'primary');
    go.type = 'button'; go.id = 'conflict-save';
    go.addEventListener('click', () => {
      const chosen = {};
      for (const c of conflicts) {
        const pick = box.querySelector(`input[name="conflict-${CSS.escape(c.id)}"]:checked`);
        chosen[c.id] = pick && pick.value === 'theirs' ? c.theirs : c.mine;
      }
      setInputs(form, chosen);
      box.hidden = true;
      offline.resolving = false;
      saveForm(form, submit, buttons);
    });
    box.appendChild(el('p', null, 'actions')).appendChild(go);
    box.hidden = false;
    box.scrollIntoView({block: 'center'});
    return true;
  }
  // Sends what this device kept, once the server answers again.
  async function flush(form, buttons) {
    if (offline.inFlight || offline.resolving) return;
    const p = await pendingGet(form.dataset.api).catch(() => null);
    if (!p) return;
    offline.inFlight = true;
    try {
      form.dataset.version = p.version;
      await saveForm(form, p.submit, buttons);
    } finally {
      offline.inFlight = false;
    }
  }
  async function setupOffline(form, buttons) {
    if (!window.indexedDB) return;
    // What the server stored when the page was opened (not what the inputs offer: a carried or
    // supplied value shown is not stored yet); the worker's copy answers when offline.
    offline.base = {};
    try {
      const r = await call('GET', form.dataset.api);
      if (r.ok && r.data.values) offline.base = r.data.values;
    } catch (_) { /* offline and never opened online: every stored value counts as changed elsewhere */ }
    offline.shown = values(form);
    const p = await pendingGet(form.dataset.api).catch(() => null);
    if (p) {
      // Opened again (offline, from the kept copy, or later): what was typed comes back.
      offline.base = p.base || offline.base;
      offline.shown = p.shown || offline.shown;
      setInputs(form, p.values);
      form.dataset.version = p.version;
    }
    await showOffline(form);
    window.addEventListener('online', () => flush(form, buttons));
    setInterval(() => flush(form, buttons), 5000);
    flush(form, buttons);
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
      const counted = activity.seconds;
      if (counted > 0) body.activeSeconds = counted;
      let r;
      try {
        r = await call('PUT', form.dataset.api, body);
      } catch (offlineError) {
        // No answer at all: kept on this device, sent when the server answers again.
        if (window.indexedDB) {
          await keep(form, body, submit);
          say(msg, submit ? '离线: 已保存在本机, 联网后自动上报' : '离线: 已保存在本机, 联网后自动保存', true);
          return;
        }
        throw offlineError;
      }
      if (r.ok) activity.seconds -= counted;
      if (r.status === 409 && window.indexedDB) {
        // Saved elsewhere since this device's copy: keep it until the filler has chosen.
        await keep(form, body, submit);
        if (await resolveConflict(form, submit, buttons)) return;
      }
      if (window.indexedDB && r.status !== 0) { await pendingDelete(form.dataset.api).catch(() => {}); await showOffline(form); }
      showExplain(r.data.explain);
      if (r.ok) {
        form.dataset.version = r.data.version;
        offline.base = body.values;
        offline.shown = body.values;
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
        const err = row.querySelector('.err');
        if (err) err.textContent = text;
        if (row.hidden) row.hidden = false;
        // The first on the page, whatever order the answer names them in.
        if (!first || (row.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING)) first = row;
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
  // A field with breakdowns: its total is the first breakdown's cells added, shown as one types;
  // separate breakdowns whose cells are all filled must add up to the same total.
  function splitSum(split) {
    let sum = 0;
    for (const input of split.querySelectorAll('[data-field]')) {
      const v = input.value.trim();
      if (v === '' || !Number.isFinite(Number(v))) return null;
      sum += Number(v);
    }
    return Math.round(sum * 1e6) / 1e6;
  }
  function setupGrids(form) {
    for (const grid of form.querySelectorAll('[data-grid]')) {
      const splits = [...grid.querySelectorAll('[data-split]')];
      const total = grid.querySelector('[data-total-for]'), mismatch = grid.querySelector('.grid-mismatch');
      const update = () => {
        const sums = splits.map(splitSum);
        total.value = sums[0] === null ? '' : String(sums[0]);
        const known = sums.filter(s => s !== null);
        const bad = known.some(s => s !== known[0]);
        mismatch.hidden = !bad;
        grid.classList.toggle('bad', bad);
      };
      grid.addEventListener('input', update);
      update();
    }
  }
  // 还有 N 项未填, counted again as one types.
  function setupEmptyCount(form) {
    const out = document.getElementById('empty-count');
    if (!out) return;
    const update = () => {
      const empty = [...form.querySelectorAll('[data-field]')].filter(el => el.value.trim() === '').length;
      out.textContent = empty ? `还有 ${empty} 项未填` : '各项均已填写';
      out.dataset.count = String(empty);
    };
    form.addEventListener('input', update);
    form.addEventListener('change', update);
  }
  function setupForm() {
    const form = document.getElementById('form');
    if (!form) return;
    form.addEventListener('submit', e => e.preventDefault());
    setupEmptyCount(form);
    setupSupplied(form);
    setupGrids(form);
    trackActivity(form);
    const save = document.getElementById('save'), submit = document.getElementById('submit');
    const buttons = [save, submit].filter(Boolean);
    if (buttons.length) setupOffline(form, buttons);
    for (const b of buttons) {
      b.addEventListener('click', e => {
        e.preventDefault();
        if (!b.disabled) saveForm(form, b === submit, buttons);
      });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setupForm);
  else setupForm();
})();
