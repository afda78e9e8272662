'use strict';
// 报表准入 (requests.mustache): a department files a request, its XLSX form sent as the body of
// POST /api/v1/requests with the members in the query; then the request's own page opens.
(() => {
  const {say, errorText} = window.BBT;
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  // The members of the form, by their data-member names.
  function members(form) {
    const out = {};
    for (const e of form.querySelectorAll('[data-member]')) out[e.dataset.member] = e.value.trim();
    return out;
  }
  function clearErrors(form) {
    for (const e of form.querySelectorAll('[data-err]')) e.textContent = '';
    for (const e of form.querySelectorAll('.bad')) e.classList.remove('bad');
  }
  // Each message of error.fields beside its field (a missing form or draft beside the file); the
  // ones no field of the page has, returned.
  function showErrors(form, fields) {
    const rest = [];
    for (const [name, text] of Object.entries(fields || {})) {
      const key = name === 'source' ? 'file' : name;
      const slot = form.querySelector(`[data-err="${CSS.escape(key)}"]`);
      if (!slot) { rest.push(text); continue; }
      slot.textContent = slot.textContent ? slot.textContent + '; ' + text : text;
      const input = form.querySelector(`[data-member="${CSS.escape(key)}"]`) || (key === 'file' ? form.querySelector('input[type=file]') : null);
      if (input) input.classList.add('bad');
    }
    return rest;
  }

  function setup() {
    const form = document.getElementById('request-form');
    if (!form) return;
    const file = document.getElementById('request-file'), button = document.getElementById('request-submit');
    const msg = document.getElementById('request-msg');
    form.addEventListener('submit', async e => {
      e.preventDefault();
      clearErrors(form);
      const chosen = file.files[0];
      const query = new URLSearchParams(members(form));
      if (chosen) query.set('name', chosen.name);
      button.disabled = true;
      say(msg, '提交中…', true);
      try {
        // Without a file the body is empty: the server names every missing member at once.
        const res = await fetch(form.dataset.api + '?' + query.toString(), {
          method: 'POST', credentials: 'same-origin', headers: {'Content-Type': XLSX}, body: chosen || new Blob([])});
        let data = {};
        try { data = (await res.json()) || {}; } catch (_) { data = {}; }
        if (res.ok && typeof data.id === 'number') {
          say(msg, '已提交', true);
          window.location.href = '/requests/' + data.id;
          return;
        }
        const rest = showErrors(form, data.error && data.error.fields);
        say(msg, errorText({status: res.status, data}) + (rest.length ? ': ' + rest.join('; ') : ''), false);
      } catch (err) {
        say(msg, '网络错误: ' + err.message, false);
      } finally {
        button.disabled = false;
      }
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup);
  else setup();
})();
