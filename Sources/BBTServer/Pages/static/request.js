'use strict';
// One request (request.mustache): its requester revises it once returned (PUT, the XLSX as the
// body, or the draft as JSON when no new file is chosen); an admin decides it while it waits.
// Approving asks first in the page, and once more when publishing hides stored values (409).
(() => {
  const {call, say, errorText, el, appendList, clearFieldErrors: clearErrors, showFieldErrors: showErrors} = window.BBT;
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  function members(form) {
    const out = {};
    for (const e of form.querySelectorAll('[data-member]')) {
      if (e.dataset.member !== 'source') out[e.dataset.member] = e.value.trim();
    }
    return out;
  }
  async function readJSON(res) {
    try { return (await res.json()) || {}; } catch (_) { return {}; }
  }

  function setupRevise() {
    const form = document.getElementById('revise-form');
    if (!form) return;
    const file = document.getElementById('revise-file'), button = document.getElementById('revise-submit');
    const msg = document.getElementById('revise-msg'), draft = document.getElementById('request-draft');
    form.addEventListener('submit', async e => {
      e.preventDefault();
      clearErrors(form);
      const chosen = file.files[0];
      const m = members(form);
      button.disabled = true;
      say(msg, '提交中…', true);
      try {
        let r;
        if (chosen) {
          const query = new URLSearchParams(m);
          query.set('name', chosen.name);
          const res = await fetch(form.dataset.api + '?' + query.toString(), {
            method: 'PUT', credentials: 'same-origin', headers: {'Content-Type': XLSX}, body: chosen});
          r = {ok: res.ok, status: res.status, data: await readJSON(res)};
        } else {
          // No new form: the members revised, the draft as it is.
          r = await call('PUT', form.dataset.api, Object.assign({}, m, {source: draft ? draft.textContent : ''}));
        }
        if (r.ok) {
          say(msg, '已重新提交', true);
          window.location.reload();
          return;
        }
        const rest = showErrors(form, r.data.error && r.data.error.fields, {source: 'file'});
        say(msg, errorText(r) + (rest.length ? ': ' + rest.join('; ') : ''), false);
      } catch (err) {
        say(msg, '网络错误: ' + err.message, false);
      } finally {
        button.disabled = false;
      }
    });
  }

  function setupDecision() {
    const box = document.getElementById('decision');
    if (!box) return;
    const form = document.getElementById('decision-form'), msg = document.getElementById('decision-msg');
    const listed = document.getElementById('decision-listed'), until = document.getElementById('decision-valid-until');
    const reason = document.getElementById('decision-reason'), source = document.getElementById('decision-source');
    const ask = document.getElementById('decision-confirm-box'), serverText = document.getElementById('decision-confirm-server');
    const yes = document.getElementById('decision-confirm'), no = document.getElementById('decision-cancel');
    const diagnostics = document.getElementById('decision-diagnostics');
    const buttons = ['decision-approve', 'decision-return', 'decision-reject'].map(id => document.getElementById(id));
    const done = {approve: '已准入', return: '已退回', reject: '已决定不予准入'};
    // What 确认准入 sends: the first approval, or (after a 409) the approval confirmed.
    let pending = null;

    const edited = () => source.value !== source.defaultValue;
    function body(decision, confirmed) {
      const b = {decision, reason: reason.value.trim(), listed: listed.value.trim(), validUntil: until.value.trim()};
      if (edited()) b.source = source.value;
      if (confirmed) b.confirm = true;
      return b;
    }
    function closeAsk() {
      ask.hidden = true;
      serverText.hidden = true;
      serverText.textContent = '';
      pending = null;
    }

    async function send(decision, confirmed) {
      closeAsk();
      clearErrors(form);
      diagnostics.hidden = true;
      diagnostics.textContent = '';
      for (const b of buttons) b.disabled = true;
      say(msg, '提交中…', true);
      try {
        const r = await call('POST', box.dataset.api, body(decision, confirmed));
        if (r.ok) {
          say(msg, (done[decision] || '已决定') + ', 刷新中…', true);
          window.location.reload();
          return;
        }
        if (r.status === 409 && r.data.error && r.data.error.code === 'confirmation_required') {
          // The second question: publishing hides values already stored.
          serverText.textContent = r.data.error.message || '发布会影响已存的数据, 请确认';
          serverText.hidden = false;
          yes.textContent = '仍然准入';
          pending = 'force';
          ask.hidden = false;
          ask.scrollIntoView({block: 'nearest'});
          say(msg, '尚未准入: 请确认', false);
          return;
        }
        const list = (r.data.diagnostics || []).map(x => `${x.path}:${x.line}:${x.column}: ${x.severity}: ${x.message}`);
        if (list.length) {
          diagnostics.textContent = list.join('\n');
          diagnostics.hidden = false;
        }
        const rest = showErrors(form, r.data.error && r.data.error.fields);
        say(msg, errorText(r) + (rest.length ? ': ' + rest.join('; ') : ''), false);
      } catch (err) {
        say(msg, '网络错误: ' + err.message, false);
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    }

    buttons[0].addEventListener('click', () => {
      clearErrors(form);
      if (!listed.value.trim()) {
        showErrors(form, {listed: '准入须给出清单编号 (如 成社准〔2026〕3号)'});
        say(msg, '请填写清单编号', false);
        listed.focus();
        return;
      }
      document.getElementById('decision-confirm-listed').textContent = listed.value.trim();
      document.getElementById('decision-confirm-until').textContent = until.value.trim() || '按申请';
      document.getElementById('decision-confirm-edited').hidden = !edited();
      serverText.hidden = true;
      yes.textContent = '确认准入';
      pending = 'approve';
      ask.hidden = false;
      ask.scrollIntoView({block: 'nearest'});
      say(msg, '请确认准入', true);
    });
    buttons[1].addEventListener('click', () => send('return', false));
    buttons[2].addEventListener('click', () => send('reject', false));
    yes.addEventListener('click', () => {
      const what = pending;
      if (what === 'approve') send('approve', false);
      else if (what === 'force') send('approve', true);
    });
    no.addEventListener('click', () => { closeAsk(); say(msg, '未准入', false); });
    form.addEventListener('submit', e => e.preventDefault());
  }

  // The office's preview, beside the review and the draft: what publishing the draft (as edited in
  // the decision box) with the templates published now would change, as 发布's preview says it.
  function setupPreview() {
    const box = document.getElementById('decision-preview'), button = document.getElementById('decision-preview-button');
    const source = document.getElementById('decision-source');
    if (!box || !button || !source) return;
    const show = async () => {
      button.disabled = true;
      try {
        const published = await call('GET', '/api/v1/templates');
        if (!published.ok) { box.replaceChildren(el('p', errorText(published), 'msg bad')); return; }
        const files = Object.assign({}, published.data.files);
        files['requests/' + box.dataset.report + '.bbt'] = source.value;
        const r = await call('POST', '/api/v1/templates/check', {files});
        if (!r.ok) { box.replaceChildren(el('p', errorText(r), 'msg bad')); return; }
        const p = r.data.preview, errors = (r.data.diagnostics || []).filter(d => d.severity === 'error');
        box.replaceChildren(el('strong', '发布预览'));
        box.appendChild(el('p', `每个社区一年填报 ${p.before.formEntries} → ${p.after.formEntries} 项, 需要手工录入 ${p.before.typedEntries} → ${p.after.typedEntries} 项`, 'burden'));
        appendList(box, '新增报表', p.reportsAdded.map(x => `${x.id} ${x.title} (单独填写每年 ${x.entriesPerYear} 项)`));
        appendList(box, '新增字段', p.fieldsAdded.map(f => `${f.id} ${f.label}`));
        appendList(box, '删除字段', p.fieldsRemoved.map(f => `${f.id} ${f.label}`), 'bad');
        appendList(box, '有错误, 须先改草稿', errors.map(d => `${d.path}:${d.line}:${d.column}: ${d.message}`), 'bad');
      } catch (e) {
        box.replaceChildren(el('p', '网络错误: ' + e.message, 'msg bad'));
      } finally {
        button.disabled = false;
      }
    };
    button.addEventListener('click', show);
    show();
  }

  function setup() { setupRevise(); setupDecision(); setupPreview(); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup);
  else setup();
})();
