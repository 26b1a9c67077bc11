// Cầu Nối dashboard: small progressive enhancement. Every page works without it.
'use strict';

// Filters apply as soon as a choice changes (the "Lọc" button stays for keyboard and no-JS use).
document.querySelectorAll('form[data-autosubmit] select').forEach((select) => {
  select.addEventListener('change', () => select.form.requestSubmit());
});

// A confirmation for actions that message many people at once or cannot be undone.
document.querySelectorAll('form[data-confirm]').forEach((form) => {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});

// A saved reply fills the reply box at once (without JS, "Điền mẫu" reloads the page with it).
document.querySelectorAll('form[data-saved-replies] select').forEach((select) => {
  select.addEventListener('change', () => {
    const text = select.selectedOptions[0]?.dataset.text;
    const box = document.getElementById('reply');
    if (text !== undefined && box) {
      box.value = text;
      box.focus();
    }
  });
});

// Regions of the page (ids in body[data-refresh]) swapped in fresh from the same address.
let refreshing = false;
async function refreshRegions() {
  if (refreshing) return undefined;
  refreshing = true;
  try {
    const res = await fetch(window.location.href, { headers: { accept: 'text/html' } });
    if (!res.ok) return undefined;
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    const ids = (document.body.dataset.refresh || '').split(' ').filter(Boolean);
    for (const id of ['call-section', ...ids]) {
      const fresh = doc.getElementById(id);
      const current = document.getElementById(id);
      if (fresh && current) current.replaceWith(fresh);
    }
    doc.querySelectorAll('[data-requirement]').forEach((fresh) => {
      const current = document.querySelector(`[data-requirement="${fresh.dataset.requirement}"]`);
      if (current) current.replaceWith(fresh);
    });
    return doc;
  } finally {
    refreshing = false;
  }
}

// Live news: submissions, acknowledgements and people's ticket messages arrive as server-sent events.
if (document.body.dataset.live === '1' && 'EventSource' in window) {
  const source = new EventSource('/events');
  source.addEventListener('activity', (event) => {
    const items = JSON.parse(event.data);
    const feed = document.getElementById('live-feed');
    if (feed) {
      document.getElementById('live-empty')?.remove();
      for (const item of items) {
        const li = document.createElement('li');
        li.className = 'new';
        const time = document.createElement('time');
        time.textContent = item.time + ' ';
        li.appendChild(time);
        const link = document.createElement('a');
        link.href = item.href;
        link.textContent = item.text;
        li.appendChild(link);
        feed.prepend(li);
      }
    }
    void refreshRegions();
  });
}

// A page that is still changing (a broadcast being sent) marks it with [data-polling]: refresh until it is not.
if (document.querySelector('[data-polling]')) {
  const timer = window.setInterval(async () => {
    const doc = await refreshRegions();
    if (doc && !doc.querySelector('[data-polling]')) window.clearInterval(timer);
  }, 1000);
}

// Forms with a live preview (audience counts, how a broadcast will look): the server answers
// { elementId: { text } | { html } } for the fields as they are; files are not sent.
document.querySelectorAll('form[data-preview-url]').forEach((form) => {
  let timer;
  const update = async () => {
    const body = new FormData(form);
    for (const [name, value] of [...body.entries()]) if (value instanceof File) body.delete(name);
    const res = await fetch(form.dataset.previewUrl, { method: 'POST', body });
    if (!res.ok) return;
    const parts = await res.json();
    for (const [id, part] of Object.entries(parts)) {
      const el = document.getElementById(id);
      if (!el) continue;
      if ('html' in part) el.innerHTML = part.html; // built and escaped by the server (src/lib/formatting.ts)
      else el.textContent = part.text;
    }
  };
  const soon = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 250);
  };
  form.addEventListener('input', soon);
  form.addEventListener('change', soon);
});
