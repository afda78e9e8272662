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
      const r = await call('PUT', form.dataset.api, body);
      if (r.ok) activity.seconds -= counted;
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
