'use strict';
// An office's completeness table (review.mustache): approve or return a form. Both ask in the page
// (#review-dialog): 审核通过 to confirm, 退回 for its reason — no prompt(), which a 政务 app's web
// view may not show.
(() => {
  const {call, errorText, say} = window.BBT;

  function setupReview() {
    const dialog = document.getElementById('review-dialog');
    if (!dialog) return;
    const text = document.getElementById('review-dialog-text'), reasonBox = document.getElementById('review-reason-row');
    const reason = document.getElementById('review-reason'), ok = document.getElementById('review-ok');
    const cancel = document.getElementById('review-cancel'), msg = document.getElementById('review-msg');
    let pending = null;

    document.addEventListener('click', e => {
      const b = e.target instanceof Element ? e.target.closest('button[data-review]') : null;
      if (!b || b.disabled) return;
      const approve = b.dataset.approve === 'true';
      pending = {button: b, approve};
      text.textContent = (approve ? '审核通过 ' : '退回 ') + b.dataset.name + ' 的表单?';
      reasonBox.hidden = approve;
      reason.value = '';
      reason.classList.remove('bad');
      ok.textContent = approve ? '确认审核通过' : '确认退回';
      say(msg, '', true);
      dialog.hidden = false;
      dialog.scrollIntoView({block: 'nearest'});
      (approve ? ok : reason).focus();
    });
    cancel.addEventListener('click', () => { dialog.hidden = true; pending = null; });
    ok.addEventListener('click', async () => {
      if (!pending) return;
      const {button, approve} = pending;
      const body = {};
      if (!approve) {
        if (!reason.value.trim()) { reason.classList.add('bad'); say(msg, '请写明退回原因', false); reason.focus(); return; }
        body.reason = reason.value.trim();
      }
      ok.disabled = true;
      try {
        const r = await call('POST', button.dataset.review + (approve ? '/approve' : '/return'), body);
        if (r.ok) { location.reload(); return; }
        say(msg, errorText(r), false);
      } catch (err) {
        say(msg, '网络错误: ' + err.message, false);
      } finally {
        ok.disabled = false;
      }
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setupReview);
  else setupReview();
})();
