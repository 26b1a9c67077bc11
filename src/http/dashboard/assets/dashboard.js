// Cầu Nối dashboard: small progressive enhancement. Every page works without it.
'use strict';

// Filters apply as soon as a choice changes (the "Lọc" button stays for keyboard and no-JS use).
document.querySelectorAll('form[data-autosubmit] select').forEach((select) => {
  select.addEventListener('change', () => select.form.requestSubmit());
});

// A confirmation for actions that message many people at once.
document.querySelectorAll('form[data-confirm]').forEach((form) => {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});

// Live news: new submissions and acknowledgements arrive as server-sent events.
if (document.body.dataset.live === '1' && 'EventSource' in window) {
  const feed = document.getElementById('live-feed');
  const source = new EventSource('/events');
  source.addEventListener('activity', (event) => {
    const items = JSON.parse(event.data);
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
    refreshProgress();
  });

  // The figures on the page follow: fetch the page again and swap the requirement cards in.
  let refreshing = false;
  async function refreshProgress() {
    if (refreshing) return;
    refreshing = true;
    try {
      const res = await fetch(window.location.href, { headers: { accept: 'text/html' } });
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      for (const id of ['call-section']) {
        const fresh = doc.getElementById(id);
        const current = document.getElementById(id);
        if (fresh && current) current.replaceWith(fresh);
      }
      doc.querySelectorAll('[data-requirement]').forEach((fresh) => {
        const current = document.querySelector(`[data-requirement="${fresh.dataset.requirement}"]`);
        if (current) current.replaceWith(fresh);
      });
    } finally {
      refreshing = false;
    }
  }
}
