// Redriva's shared page helpers: the string catalogue, JSON requests, toasts and
// number formats. Plain script (no build step); pages load it before their own.
// Data from Real-Debrid only ever enters the page as text (textContent), never as
// markup.
'use strict';

window.Redriva = (() => {
  const catalogue = readData('i18n');
  // The domain's words, as the server defines them: statuses and their phases, the
  // API's status groups, job states, sync modes.
  const vocabulary = { statuses: {}, groups: {}, job_states: [], sync_modes: [], ...readData('vocabulary') };
  const lang = document.documentElement.lang || 'en';

  // A JSON data block of the page (the server writes them; see layout.tpl).
  function readData(id) {
    const block = document.getElementById(id);
    if (!block) return {};
    try {
      return JSON.parse(block.textContent);
    } catch {
      return {};
    }
  }

  // The catalogue's text for key, with {name} placeholders filled in.
  function t(key, vars = {}) {
    const text = catalogue[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
  }

  // An element with attributes and children; strings become text nodes.
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      if (name === 'class') node.className = value;
      else if (name === 'text') node.textContent = value;
      else node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  // GET or POST returning {status, body} (body: parsed JSON or null). Network
  // failures reject with an Error whose message says what happened.
  async function request(url, options = {}) {
    const response = await fetch(url, {
      credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(options.headers || {}) },
      method: options.method || 'GET',
      signal: options.signal,
    });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return { status: response.status, body };
  }

  function getJSON(url, options = {}) {
    return request(url, options);
  }

  // A state-changing call: the CSRF token from the page's form goes in a header.
  function postJSON(url, csrfToken) {
    return request(url, { method: 'POST', headers: { 'X-CSRF-Token': csrfToken } });
  }

  // A toast: kind is success, danger, warning or info. Errors stay until closed,
  // the others leave after a few seconds.
  function toast(kind, text) {
    let stack = document.getElementById('toasts');
    if (!stack) {
      stack = el('div', { id: 'toasts', class: 'toast-stack' });
      document.body.append(stack);
    }
    const close = el('button', { type: 'button', class: 'btn-close', 'aria-label': t('js.close') });
    const item = el(
      'div',
      {
        class: `toast-item toast-${kind}`,
        role: kind === 'danger' ? 'alert' : 'status',
        'data-kind': kind,
      },
      el('div', { class: 'toast-text', text }),
      close,
    );
    close.addEventListener('click', () => item.remove());
    stack.append(item);
    if (kind !== 'danger') setTimeout(() => item.remove(), 8000);
    return item;
  }

  // The badge a status is drawn with (its phase: waiting, transferring, done,
  // failed), as the server's status_badge; "other" for a status it does not know.
  function statusBadge(s) {
    return Object.hasOwn(vocabulary.statuses, s) ? vocabulary.statuses[s] : 'other';
  }

  // The server's group_thousands: "12,345".
  function formatCount(n) {
    return String(Math.trunc(Number(n) || 0)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  // The server's human_size: 1024-based units, "12.3 GiB" below 100, "123 GiB" above.
  function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
    const n = Math.max(0, Number(bytes) || 0);
    if (n < 1024) return `${n} B`;
    let value = n;
    let unit = 0;
    while (value >= 1024 && unit < 6) {
      value /= 1024;
      unit += 1;
    }
    if (Math.round(value * 10) / 10 >= 100) value = Math.round(value);
    if (value >= 1024 && unit < 6) {
      value /= 1024;
      unit += 1;
    }
    return `${value < 100 ? value.toFixed(1) : value.toFixed(0)} ${units[unit]}`;
  }

  function formatDuration(seconds) {
    const s = Math.max(0, Math.round(Number(seconds) || 0));
    if (s < 90) return t('js.duration.seconds', { n: s });
    if (s < 5400) return t('js.duration.minutes', { n: Math.round(s / 60) });
    return t('js.duration.hours', { h: Math.floor(s / 3600), m: Math.round((s % 3600) / 60) });
  }

  // "2026-12-02T10:30:00.000Z" -> "2026-12-02 10:30 UTC", as the server prints it.
  function formatDate(iso) {
    if (!iso) return '';
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
    return m ? `${m[1]} ${m[2]} UTC` : iso;
  }

  // The language switch: a cookie the server reads (no server state changes), then
  // the same page again in the chosen language.
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
    button.addEventListener('click', () => {
      document.cookie = `redriva_lang=${button.dataset.lang}; Path=/; Max-Age=31536000; SameSite=Lax`;
      window.location.reload();
    });
  }
  for (const node of document.querySelectorAll('.lang-switch')) node.closest('[data-js-only]')?.removeAttribute('hidden');

  return { t, el, getJSON, postJSON, toast, formatCount, formatBytes, formatDuration, formatDate, statusBadge, vocabulary, lang };
})();
