'use strict';
// An office's completeness table (review.mustache): approve or return a form. Both ask in the page
// (#review-dialog): 审核通过 to confirm, 退回 for its reason — no prompt(), which a 政务 app's web
// view may not show.
(() => {
  const {call, errorText, say, el} = window.BBT;

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

  // 催报: all units not handed in (#remind-all) or one row's (button[data-remind]), with the
  // office's 附言; then the month's reminders and what became of each delivery (#reminders-list).
  const kindWords = {manual: '催报', before: '截止前提醒', overdue: '逾期提醒'};
  const hookWords = {wecom: '企业微信', dingtalk: '钉钉', json: '平台'};
  const chinaMinute = iso => new Date(Date.parse(iso) + 8 * 3600e3).toISOString().slice(0, 16).replace('T', ' ');
  function delivery(n) {
    const d = (n.deliveries || [])[0];
    if (!d) return ['未设推送地址, 只在对方待办中显示', 'hint'];
    const tries = d.attempts.length;
    if (d.status === 'sent') return [`已推送到${hookWords[d.kind] || d.kind}`, 'hint'];
    if (d.status === 'failed') return [`推送失败 (${tries} 次: ${d.attempts[tries - 1].outcome})`, 'failed'];
    return [tries ? `推送中 (已试 ${tries} 次, 上次: ${d.attempts[tries - 1].outcome})` : '推送中', 'hint'];
  }

  async function showReminders() {
    const card = document.getElementById('reminders-card');
    if (!card) return;
    const r = await call('GET', card.dataset.url);
    const notices = r.ok && Array.isArray(r.data.notices) ? r.data.notices : [];
    const list = document.getElementById('reminders-list');
    list.replaceChildren(...notices.map(n => {
      const li = el('li');
      const [text, cls] = delivery(n);
      li.append(el('span', `${n.unitName} · ${kindWords[n.kind] || n.kind} · ${chinaMinute(n.at)} · `), el('span', text, cls));
      return li;
    }));
    card.hidden = notices.length === 0;
  }

  function setupReminders() {
    const all = document.getElementById('remind-all');
    const msg = document.getElementById('remind-msg'), message = document.getElementById('remind-message');
    async function remind(units, button) {
      const body = {month: all.dataset.month};
      if (units) body.units = units;
      if (message.value.trim()) body.message = message.value.trim();
      button.disabled = true;
      try {
        const r = await call('POST', all.dataset.url, body);
        if (r.ok) {
          const names = r.data.notices.map(n => n.unitName);
          say(msg, names.length ? `已催报 ${names.length} 个单位: ${names.join('、')}` : '没有尚未上报的单位', true);
          await showReminders();
          setTimeout(showReminders, 3000);  // the webhooks answer after the click
        } else {
          say(msg, errorText(r), false);
        }
      } catch (err) {
        say(msg, '网络错误: ' + err.message, false);
      } finally {
        button.disabled = false;
      }
    }
    if (all) {
      all.addEventListener('click', () => remind(null, all));
      document.addEventListener('click', e => {
        const b = e.target instanceof Element ? e.target.closest('button[data-remind]') : null;
        if (b && !b.disabled) { msg.scrollIntoView({block: 'nearest'}); remind([b.dataset.remind], b); }
      });
    }
    showReminders();
  }

  const start = () => { setupReview(); setupReminders(); };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
