'use strict';
// An office's completeness table (review.mustache): approve or return a form.
(() => {
  const {call, errorText} = window.BBT;

  // The review table: buttons with data-review="…/forms/MONTH" and data-approve="true|false".
  function setupReview() {
    document.addEventListener('click', async e => {
      const b = e.target instanceof Element ? e.target.closest('button[data-review]') : null;
      if (!b || b.disabled) return;
      const approve = b.dataset.approve === 'true';
      let body = {};
      if (!approve) {
        const reason = prompt('退回原因');
        if (reason === null) return;
        body = {reason};
      }
      // Both buttons of the row wait for the answer: a second click would only meet a 409.
      const row = b.closest('tr');
      const buttons = row ? Array.from(row.querySelectorAll('button[data-review]')) : [b];
      for (const x of buttons) x.disabled = true;
      try {
        const r = await call('POST', b.dataset.review + (approve ? '/approve' : '/return'), body);
        if (r.ok) { location.reload(); return; }
        alert(errorText(r));
      } catch (err) {
        alert('网络错误: ' + err.message);
      }
      for (const x of buttons) x.disabled = false;
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setupReview);
  else setupReview();
})();
