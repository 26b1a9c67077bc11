/** The simulator's single page: plain HTML + a little script, no build step. */
export const SIMULATOR_PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Cầu Nối — thử trò chuyện với bot</title>
<style>
  :root { --blue:#1769aa; --bg:#eef2f6; --me:#d8ecff; --bot:#fff; }
  * { box-sizing: border-box; }
  body { margin:0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color:#1d2733; }
  header { background: var(--blue); color:#fff; padding: 10px 16px; display:flex; gap:12px; align-items:center; flex-wrap:wrap; }
  header h1 { font-size: 17px; margin:0; flex:1; }
  header select { font-size:15px; padding:4px; max-width: 100%; }
  main { max-width: 720px; margin: 0 auto; display:flex; flex-direction:column; height: calc(100vh - 52px); }
  #log { flex:1; overflow-y:auto; padding: 16px; display:flex; flex-direction:column; gap:8px; }
  .msg { max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; word-wrap: break-word; box-shadow: 0 1px 1px rgba(0,0,0,.08); }
  .in { align-self:flex-end; background: var(--me); }
  .out { align-self:flex-start; background: var(--bot); }
  .buttons { display:flex; flex-direction:column; gap:4px; margin-top:8px; }
  .buttons .row { display:flex; gap:4px; }
  .buttons button, .buttons a { flex:1; border:1px solid var(--blue); background:#fff; color: var(--blue); border-radius:8px; padding:6px; cursor:pointer; font-size:14px; text-align:center; text-decoration:none; }
  form { display:flex; gap:6px; padding: 10px; background:#fff; border-top:1px solid #d5dde6; }
  form input[type=text] { flex:1; font-size:15px; padding:8px; border:1px solid #b8c4d0; border-radius:8px; }
  form button, label.file { background: var(--blue); color:#fff; border:0; border-radius:8px; padding: 8px 14px; font-size:15px; cursor:pointer; }
  label.file input { display:none; }
  .hint { color:#5b6b7b; font-size: 13px; text-align:center; padding: 4px; }
</style>
</head>
<body>
<header>
  <h1>Cầu Nối — thử trò chuyện</h1>
  <label>Vai trò: <select id="persona" aria-label="Chọn người trò chuyện"></select></label>
</header>
<main>
  <div id="log" aria-live="polite"></div>
  <div class="hint">Đây là bản thử: bot trả lời đúng như trên Telegram, không có tin nhắn nào được gửi ra ngoài.</div>
  <form id="send">
    <input type="text" id="text" placeholder="Nhập tin nhắn…" autocomplete="off" aria-label="Tin nhắn">
    <label class="file" title="Gửi tệp">📎<input type="file" id="file"></label>
    <button type="submit">Gửi</button>
  </form>
</main>
<script>
const log = document.getElementById('log');
const personaSelect = document.getElementById('persona');
let persona = null, after = 0, timer = null;

async function api(path, init) {
  const res = await fetch('/simulator/api' + path, init);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.message || ('HTTP ' + res.status));
  return body;
}
function bubble(m) {
  const div = document.createElement('div');
  div.className = 'msg ' + (m.direction === 'in' ? 'in' : 'out');
  div.textContent = m.text;
  if (m.direction === 'out' && (m.choices || m.link)) {
    const box = document.createElement('div'); box.className = 'buttons';
    if (m.link) { const r = document.createElement('div'); r.className='row'; const a = document.createElement('a'); a.href = m.link.url; a.target = '_blank'; a.textContent = m.link.label; r.appendChild(a); box.appendChild(r); }
    for (const row of (m.choices || [])) {
      const r = document.createElement('div'); r.className = 'row';
      for (const c of row) { const b = document.createElement('button'); b.type='button'; b.textContent = c.label; b.onclick = () => send({ data: c.data, label: c.label }); r.appendChild(b); }
      box.appendChild(r);
    }
    div.appendChild(box);
  }
  log.appendChild(div); log.scrollTop = log.scrollHeight;
}
async function poll() {
  if (!persona) return;
  try {
    const r = await api('/messages?persona=' + encodeURIComponent(persona) + '&after=' + after);
    for (const m of r.items) { bubble(m); after = Math.max(after, m.id); }
  } catch (e) {}
}
async function send(body) {
  const fd = new FormData();
  fd.set('persona', persona);
  for (const [k, v] of Object.entries(body)) fd.set(k, v);
  try { await api('/send', { method: 'POST', body: fd }); } catch (e) { bubble({ direction:'out', text: '⚠️ ' + e.message }); }
  setTimeout(poll, 150); setTimeout(poll, 600);
}
document.getElementById('send').onsubmit = (e) => {
  e.preventDefault();
  const t = document.getElementById('text');
  if (!t.value.trim()) return;
  send({ text: t.value }); t.value = '';
};
document.getElementById('file').onchange = (e) => {
  const f = e.target.files[0]; if (!f) return;
  send({ file: f }); e.target.value = '';
};
personaSelect.onchange = () => { persona = personaSelect.value; after = 0; log.innerHTML = ''; poll(); };
(async () => {
  const r = await api('/personas');
  for (const p of r.items) { const o = document.createElement('option'); o.value = p.id; o.textContent = p.label; personaSelect.appendChild(o); }
  persona = personaSelect.value; await poll();
  if (!log.children.length) bubble({ direction:'out', text: 'Gõ /help hoặc /status để bắt đầu.' });
  timer = setInterval(poll, 1500);
})();
</script>
</body>
</html>`;
