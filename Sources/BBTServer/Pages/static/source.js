'use strict';
// A department's page (source.mustache): upload a CSV of its figures.
(() => {
  const {say, errorText} = window.BBT;

  // The provider's page: a CSV or XLSX file sent as its bytes (a GBK CSV from Excel is read by the
  // server, not decoded here); the answer, or every refused row, below it.
  function setupUpload() {
    const form = document.getElementById('upload');
    if (!form) return;
    const file = document.getElementById('upload-file'), button = document.getElementById('upload-button');
    const msg = document.getElementById('msg'), out = document.getElementById('upload-result');
    form.addEventListener('submit', async e => {
      e.preventDefault();
      if (!file.files.length) { say(msg, '请先选择 CSV 或 XLSX 文件', false); return; }
      button.disabled = true;
      say(msg, '上传中…', true);
      try {
        const chosen = file.files[0];
        const type = /\.xlsx$/i.test(chosen.name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
        const res = await fetch(form.dataset.api, {method: 'PUT', headers: {'Content-Type': type}, body: chosen});
        let data = {};
        try { data = await res.json(); } catch (_) {}
        if (res.ok) {
          const conflicts = data.conflicts || [];
          const ignored = (data.ignoredColumns || []).length ? `; 未读取的列: ${data.ignoredColumns.join('、')}` : '';
          say(msg, `已保存 ${data.stored} 项, 未变 ${data.unchanged} 项, 与社区已填数据不同 ${conflicts.length} 项${ignored}`, true);
          out.hidden = conflicts.length === 0;
          out.textContent = conflicts.map(c => `${c.unitName || c.unit} ${c.fieldLabel || c.field} ${c.period}: 部门 ${c.provided}, 社区 ${c.value}`).join('\n');
        } else {
          say(msg, errorText({status: res.status, data}), false);
          const fields = (data.error && data.error.fields) || {};
          out.hidden = false;
          out.textContent = Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n');
        }
      } catch (err) {
        say(msg, '网络错误: ' + err.message, false);
      } finally {
        button.disabled = false;
      }
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setupUpload);
  else setupUpload();
})();
