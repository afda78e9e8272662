'use strict';
// Changing one's own password (password.mustache).
(() => {
  const {call, say, errorText} = window.BBT;

  // One's own password: the new one twice, then home (which the server now lets through).
  function setupPassword() {
    const form = document.getElementById('password-form');
    if (!form) return;
    const msg = document.getElementById('msg'), button = document.getElementById('change-password');
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const old = document.getElementById('old-password').value, fresh = document.getElementById('new-password').value;
      if (fresh !== document.getElementById('new-password-again').value) { say(msg, '两次输入的新密码不一致', false); return; }
      button.disabled = true;
      try {
        const r = await call('POST', '/api/v1/me/password', {old, new: fresh});
        if (r.ok) { say(msg, '密码已修改', true); setTimeout(() => { location.href = '/'; }, 600); return; }
        const fields = (r.data.error && r.data.error.fields) || {};
        say(msg, Object.values(fields).join('; ') || errorText(r), false);
      } catch (err) {
        say(msg, '网络错误: ' + err.message, false);
      }
      button.disabled = false;
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setupPassword);
  else setupPassword();
})();
