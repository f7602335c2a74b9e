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

  // Numbers as the page's language writes them, like the server (web/number_format.h):
  // "12,345" in English, "12 345" (U+202F) in French.
  const numberFormats = {};
  function numberFormat(decimals) {
    numberFormats[decimals] ??= new Intl.NumberFormat(lang, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    return numberFormats[decimals];
  }

  function formatCount(n) {
    return numberFormat(0).format(Math.trunc(Number(n) || 0));
  }

  // `decimals` digits after the separator, a tie rounded away from zero (as the server).
  function formatDecimal(n, decimals) {
    const scale = 10 ** decimals;
    const value = Number(n) || 0;
    return numberFormat(decimals).format((Math.sign(value) * Math.round(Math.abs(value) * scale)) / scale || 0);
  }

  // The server's size (common/strings.h size_parts): 1024-based units, one decimal
  // below 100, in the language's unit names ("22.5 TiB", "22,5 Tio").
  function formatBytes(bytes) {
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
    const n = Math.max(0, Number(bytes) || 0);
    let value = n;
    let unit = 0;
    let decimals = 0;
    if (n >= 1024) {
      while (value >= 1024 && unit < 6) {
        value /= 1024;
        unit += 1;
      }
      if (Math.round(value * 10) / 10 >= 100) value = Math.round(value);
      if (value >= 1024 && unit < 6) {
        value /= 1024;
        unit += 1;
      }
      decimals = value < 100 ? 1 : 0;
    }
    return `${formatDecimal(value, decimals)} ${t(`js.unit.${units[unit]}`)}`;
  }

  // The label of a word of the domain (family: status, job_kind, job_state,
  // item_state), as the server's web/word_labels.h; the word made readable for one
  // no catalogue names.
  function label(family, word) {
    const key = `js.${family}.${word}`;
    return Object.hasOwn(catalogue, key) ? catalogue[key] : String(word ?? '').replaceAll('_', ' ');
  }

  // A finished sync's counts (the job's `summary`) in the page's language, as the
  // server's web/sync_summary_text.h; its English `result` when it has no counts.
  function summaryText(job) {
    const s = job?.summary;
    if (!s) return job?.result || '';
    let text = s.listed === null || s.listed === undefined
      ? t('js.summary.refreshed', { detailed: formatCount(s.detailed) })
      : t('js.summary.listed', { listed: formatCount(s.listed), detailed: formatCount(s.detailed), removed: formatCount(s.removed) });
    if (s.unreadable > 0) text += `, ${t('js.summary.unreadable', { count: formatCount(s.unreadable) })}`;
    return `${text} ${t('js.summary.requests', { requests: formatCount(job.requests), retries: formatCount(job.retries), rate_limited: formatCount(job.rate_limited) })}`;
  }

  function formatDuration(seconds) {
    const s = Math.max(0, Math.round(Number(seconds) || 0));
    if (s < 90) return t('js.duration.seconds', { n: s });
    if (s < 5400) return t('js.duration.minutes', { n: Math.round(s / 60) });
    return t('js.duration.hours', { h: Math.floor(s / 3600), m: Math.round((s % 3600) / 60) });
  }

  // An instant in the reader's time zone and language ("2 déc. 2026, 11:30"); the
  // server writes UTC, which a page without a script keeps.
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  function formatDate(iso) {
    if (!iso) return '';
    const at = new Date(iso);
    return Number.isNaN(at.getTime()) ? iso : dateFormat.format(at);
  }

  // A <time datetime> the server wrote in UTC, rewritten for the reader (the UTC
  // text stays as its title).
  function localizeDates(root = document) {
    for (const node of root.querySelectorAll('time[datetime]')) {
      const iso = node.getAttribute('datetime');
      if (!iso || node.dataset.localized) continue;
      const text = formatDate(iso);
      if (text === iso) continue;
      if (!node.title) node.title = node.textContent;
      node.textContent = text;
      node.dataset.localized = '1';
    }
  }

  // A <time> element for an instant, as the server's templates write it.
  function timeElement(iso) {
    return el('time', { datetime: iso || false, title: iso || false, 'data-localized': iso ? '1' : false, text: formatDate(iso) });
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
  localizeDates();
  for (const node of document.querySelectorAll('.lang-switch')) node.closest('[data-js-only]')?.removeAttribute('hidden');

  return {
    t, el, getJSON, postJSON, toast, formatCount, formatDecimal, formatBytes, formatDuration, formatDate,
    localizeDates, timeElement, label, summaryText, statusBadge, vocabulary, lang,
  };
})();
