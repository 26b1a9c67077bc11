// The simulator page (/simulator): polls the bot's replies and sends what the person types.
const log = document.getElementById('log');
const personaSelect = document.getElementById('persona');
let persona = null, after = 0, timer = null;
// Items come with a time (ms) and a key; a poll asks from the last time seen, and keys seen are skipped.
let seen = new Set();

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
    for (const m of r.items) {
      if (seen.has(m.key)) continue;
      seen.add(m.key); bubble(m); after = Math.max(after, m.at);
    }
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
personaSelect.onchange = () => { persona = personaSelect.value; after = 0; seen = new Set(); log.innerHTML = ''; poll(); };
// The list follows what happens: a newcomer who links shows under their unit, once.
async function loadPersonas() {
  const r = await api('/personas');
  const wanted = new Set(r.items.map((p) => p.id));
  for (const o of [...personaSelect.options]) if (!wanted.has(o.value) && o.value !== persona) o.remove();
  for (const p of r.items) {
    let o = [...personaSelect.options].find((x) => x.value === p.id);
    if (!o) { o = document.createElement('option'); o.value = p.id; personaSelect.appendChild(o); }
    if (o.textContent !== p.label) o.textContent = p.label;
  }
}
(async () => {
  await loadPersonas();
  persona = personaSelect.value; await poll();
  setInterval(() => loadPersonas().catch(() => {}), 4000);
  if (!log.children.length) bubble({ direction:'out', text: 'Gõ /help hoặc /status để bắt đầu.' });
  timer = setInterval(poll, 1500);
})();
