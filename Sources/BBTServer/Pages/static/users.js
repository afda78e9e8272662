'use strict';
// Accounts (users.mustache): create, edit, reset a password, disable and enable; search the list.
(() => {
  const {call, say, errorText, ask} = window.BBT;

  // Accounts: the form creates a user, or after 编辑 changes one (PATCH with what the form
  // holds; a password only if one is typed); the rows' buttons reset a password or disable.
  function setupUsers() {
    const form = document.getElementById('user-form');
    if (!form) return;
    const msg = document.getElementById('msg'), save = document.getElementById('u-save'), cancel = document.getElementById('u-cancel');
    const title = document.getElementById('user-form-title');
    const field = id => document.getElementById('u-' + id);
    let editing = null;
    function reset() {
      editing = null; form.reset(); field('username').disabled = false;
      save.textContent = '新建'; title.textContent = '新建用户'; cancel.hidden = true;
    }
    // The API names the member of each problem; a person reads the form's own label for it.
    const labels = {username: '用户名', password: '密码', role: '角色', unit: '单位', source: '数据来源', disabled: '状态'};
    function fail(r) {
      const fields = (r.data.error && r.data.error.fields) || {};
      const said = Object.entries(fields).map(([k, v]) => `${labels[k] || ''}${labels[k] ? ': ' : ''}${v}`);
      say(msg, errorText(r) + (said.length ? ': ' + said.join('; ') : ''), false);
    }
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const body = {role: field('role').value, unit: field('unit').value.trim(), source: field('source').value || null};
      const password = field('password').value;
      save.disabled = true;
      try {
        let r;
        if (editing) {
          if (password) body.password = password;
          r = await call('PATCH', '/api/v1/users/' + encodeURIComponent(editing), body);
        } else {
          body.username = field('username').value.trim();
          body.password = password;
          r = await call('POST', '/api/v1/users', body);
        }
        if (r.ok) { say(msg, editing ? '已保存' : '已新建 ' + r.data.username + ' (临时密码, 首次登录须修改)', true); setTimeout(() => location.reload(), 700); }
        else fail(r);
      } catch (err) {
        say(msg, '网络错误: ' + err.message, false);
      } finally {
        save.disabled = false;
      }
    });
    cancel.addEventListener('click', reset);
    const search = document.getElementById('user-search');
    if (search) search.addEventListener('input', () => {
      const q = search.value.trim().toLowerCase();
      for (const row of document.querySelectorAll('#users tbody tr')) row.hidden = q !== '' && !row.dataset.search.toLowerCase().includes(q);
    });
    document.addEventListener('click', async e => {
      const b = e.target instanceof Element ? e.target.closest('button[data-edit],button[data-reset],button[data-disable],button[data-enable]') : null;
      if (!b) return;
      const row = b.closest('tr');
      if (b.dataset.edit) {
        editing = b.dataset.edit;
        field('username').value = editing; field('username').disabled = true;
        field('role').value = row.dataset.role; field('unit').value = row.dataset.unit; field('source').value = row.dataset.source;
        field('password').value = '';
        save.textContent = '保存修改'; title.textContent = '修改用户 ' + editing; cancel.hidden = false;
        form.scrollIntoView({block: 'start'});
        return;
      }
      let body;
      if (b.dataset.reset) {
        const password = await ask(b, '为 ' + b.dataset.reset + ' 设置临时密码 (至少 8 个字符; 对方首次登录须修改)', '重设密码',
                                   {label: '临时密码', type: 'text'});
        if (password === null) return;
        body = {password};
      } else {
        if (b.dataset.disable && !(await ask(b, '停用 ' + b.dataset.disable + '? 停用后不能登录, 已登录的也会退出。', '确认停用'))) return;
        body = {disabled: !!b.dataset.disable};
      }
      const who = b.dataset.reset || b.dataset.disable || b.dataset.enable;
      b.disabled = true;
      try {
        const r = await call('PATCH', '/api/v1/users/' + encodeURIComponent(who), body);
        if (r.ok) { location.reload(); return; }
        fail(r);
      } catch (err) {
        say(msg, '网络错误: ' + err.message, false);
      }
      b.disabled = false;
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setupUsers);
  else setupUsers();
})();
