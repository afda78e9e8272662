'use strict';
// 报表准入 (requests.mustache): a department files a request, its XLSX form sent as the body of
// POST /api/v1/requests with the members in the query; then the request's own page opens.
(() => {
  const {say, errorText, clearFieldErrors: clearErrors, showFieldErrors: showErrors} = window.BBT;
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

  // The members of the form, by their data-member names.
  function members(form) {
    const out = {};
    for (const e of form.querySelectorAll('[data-member]')) out[e.dataset.member] = e.value.trim();
    return out;
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
        const rest = showErrors(form, data.error && data.error.fields, {source: 'file'});
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
