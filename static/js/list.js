// The torrent list, enhanced: filters, sort and search apply at once (search after
// a pause in typing), the state lives in the URL (back, forward and reload work), and
// the next pages load as the user scrolls, from /api/torrents. Without JavaScript the
// same page is a plain form with pagination links.
'use strict';

(() => {
  const { t, el, getJSON, toast, formatCount, formatBytes, timeElement, label, statusBadge } = window.Redriva;

  const table = document.querySelector('table[data-list-api]');
  const form = document.querySelector('form[data-list-form]');
  if (!table || !form) return;
  const rows = table.querySelector('tbody[data-rows]');
  const more = document.querySelector('[data-list-more]');
  const totalLine = document.querySelector('[data-total-line]');
  // The bulk forms (templates/torrents.tpl): ticked rows, or every match.
  const selectable = 'selectable' in table.dataset;
  const allMatching = document.querySelector('form[data-all-matching]');
  const SEARCH_DELAY_MS = 300;
  // The script loads 25 rows at a time (the server's pages are 50): half a page per
  // insertion keeps each frame of the scroll short. 50 is a multiple of 25, so the
  // server's pages line up with the script's.
  const APPEND_SIZE = 25;

  // What is loaded: the filter (URL parameters without page) and the pages so far.
  const state = {
    params: filterOf(new URLSearchParams(window.location.search)),
    // Rows before the first one shown (a page opened as ?page=N starts there).
    skipped: ((Number(table.dataset.page) || 1) - 1) * (Number(new URLSearchParams(window.location.search).get('page_size')) || 50),
    hasNext: table.dataset.hasNext === '1',
    total: Number(table.dataset.totalCount) || 0,
    loading: null, // the AbortController of the request in flight
  };

  function filterOf(search) {
    const params = new URLSearchParams();
    for (const key of ['q', 'status', 'sort', 'order', 'page_size']) {
      const value = search.get(key);
      if (value) params.set(key, value);
    }
    return params;
  }

  // ------------------------------------------------------------ rows

  function progressText(p) {
    const n = Number(p);
    return String(Math.floor(Math.min(100, n >= 0 ? n : 0)));
  }

  // The same row as templates/torrent_table.tpl; every value goes in as text.
  function row(torrent) {
    const percent = progressText(torrent.progress);
    const name = el('td', { class: 'name-cell', 'data-label': t('js.column.name') },
      el('a', { href: `/torrents/${encodeURIComponent(torrent.id)}`, class: 'torrent-name', text: torrent.filename }));
    if (torrent.error) name.append(el('div', { class: 'small text-danger', text: torrent.error }));
    const cells = [];
    if (selectable) {
      cells.push(el('td', { class: 'select-cell' },
        el('input', {
          class: 'form-check-input', type: 'checkbox', name: 'id', value: torrent.id,
          form: 'selection-form', 'aria-label': `${t('js.list.select')} ${torrent.filename}`,
        })));
    }
    return el('tr', {},
      ...cells,
      name,
      el('td', { 'data-label': t('js.column.status') },
        el('span', {
          class: `badge status-badge status-${statusBadge(torrent.status)}`,
          title: torrent.status,
          'data-status': torrent.status,
          text: label('status', torrent.status),
        })),
      el('td', { class: 'text-end text-nowrap', 'data-label': t('js.column.size'), text: formatBytes(torrent.bytes) }),
      el('td', { class: 'progress-cell', 'data-label': t('js.column.progress') },
        el('progress', { max: 100, value: percent, 'aria-label': t('js.list.progress'), text: `${percent}%` }),
        ' ',
        el('span', { class: 'small text-body-secondary', text: `${percent}%` })),
      el('td', { class: 'text-nowrap small', 'data-label': t('js.column.added') }, timeElement(torrent.added_on)));
  }

  function showCounts() {
    const filtered = state.params.has('q') || state.params.has('status');
    if (totalLine) {
      totalLine.textContent = t(filtered ? 'js.list.count_filtered' : 'js.list.count_all', { count: formatCount(state.total) });
    }
    if (allMatching) {
      // Every match of a filter, never the whole library.
      allMatching.hidden = !filtered;
      allMatching.elements.namedItem('status').value = state.params.get('status') || '';
      allMatching.elements.namedItem('q').value = state.params.get('q') || '';
      allMatching.querySelector('[data-all-matching-text]').textContent =
        t('js.list.all_matching', { count: formatCount(state.total) });
    }
    for (const back of document.querySelectorAll('.list-tools input[name="back"]')) {
      back.value = window.location.pathname + window.location.search;
    }
    for (const link of document.querySelectorAll('.list-tools a[data-export]')) {
      const params = new URLSearchParams(state.params);
      params.set('format', link.dataset.export);
      link.href = `/api/export?${params}`;
    }
    if (!more) return;
    more.hidden = false;
    const shown = rows.querySelectorAll('tr:not([data-empty])').length;
    if (state.total === 0) more.textContent = '';
    else if (state.hasNext) more.textContent = t('js.list.showing', { shown: formatCount(shown), total: formatCount(state.total) });
    else more.textContent = t('js.list.end', { total: formatCount(state.total) });
  }

  // ------------------------------------------------------------ loading

  async function load(page, replace) {
    state.loading?.abort();
    if (replace) observer.unobserve(sentinel); // the old rows' end is not this list's
    const controller = new AbortController();
    state.loading = controller;
    const params = new URLSearchParams(state.params);
    params.set('page', String(page));
    // A new list starts with the server's first page (what a reload shows).
    if (!replace && !params.has('page_size')) params.set('page_size', String(APPEND_SIZE));
    if (more && !replace) {
      more.hidden = false;
      more.textContent = t('js.list.loading');
    }
    let reply;
    try {
      reply = await getJSON(`/api/torrents?${params}`, { signal: controller.signal });
    } catch (error) {
      if (error.name !== 'AbortError') toast('danger', t('js.list.failed', { message: error.message }));
      return;
    } finally {
      if (state.loading === controller) state.loading = null;
    }
    if (reply.status !== 200 || !reply.body) {
      toast('danger', t('js.list.failed', { message: reply.body?.error || `HTTP ${reply.status}` }));
      return;
    }
    const { torrents, pagination } = reply.body;
    // Built off the page, inserted at once: one style and layout pass per page.
    const batch = document.createDocumentFragment();
    for (const torrent of torrents) batch.append(row(torrent));
    if (replace) rows.replaceChildren(batch);
    else rows.append(batch);
    if (rows.children.length === 0) {
      rows.append(el('tr', { 'data-empty': true },
        el('td', { colspan: selectable ? 6 : 5, class: 'text-center text-body-secondary py-4', text: t('js.list.empty') })));
    }
    if (replace) state.skipped = 0;
    state.hasNext = pagination.has_next;
    state.total = pagination.total_count;
    showCounts();
    observeEnd();
  }

  // ------------------------------------------------------------ the URL and the form

  function syncForm() {
    for (const name of ['q', 'status', 'sort', 'order']) {
      const field = form.elements.namedItem(name);
      if (!field) continue;
      const value = state.params.get(name) || '';
      if (field.tagName === 'SELECT') {
        const fallback = name === 'order' ? defaultOrder(state.params.get('sort') || 'added') : field.options[0]?.value;
        field.value = value || fallback || '';
      } else if (field !== document.activeElement) {
        field.value = value;
      }
    }
    syncHeaders();
  }

  function defaultOrder(sortKey) {
    const th = table.querySelector(`th[data-sort-key="${CSS.escape(sortKey)}"]`);
    return th?.dataset.defaultOrder || 'desc';
  }

  // Header links: the next click on the active column flips its order; the others
  // start in their natural order. The arrow and aria-sort follow.
  function syncHeaders() {
    const sort = state.params.get('sort') || 'added';
    const order = state.params.get('order') || defaultOrder(sort);
    for (const th of table.querySelectorAll('th[data-sort-key]')) {
      const key = th.dataset.sortKey;
      const link = th.querySelector('a');
      const active = key === sort;
      const next = new URLSearchParams(state.params);
      next.set('sort', key);
      next.set('order', active ? (order === 'desc' ? 'asc' : 'desc') : th.dataset.defaultOrder);
      link.href = `/torrents?${next}`;
      link.querySelectorAll('span').forEach((s) => s.remove());
      if (active) {
        th.setAttribute('aria-sort', order === 'desc' ? 'descending' : 'ascending');
        link.append(' ', el('span', { 'aria-hidden': 'true', text: order === 'desc' ? '▼' : '▲' }),
          el('span', { class: 'visually-hidden', text: `(${t(`js.list.sorted.${order === 'desc' ? 'descending' : 'ascending'}`)})` }));
      } else {
        th.removeAttribute('aria-sort');
      }
    }
  }

  // A new filter: the URL changes (one history entry per decision, not per key
  // typed), the list restarts at its first page.
  function apply(params, { push }) {
    state.params = params;
    const url = `/torrents${params.toString() ? `?${params}` : ''}`;
    if (push) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    syncForm();
    document.querySelector('[data-pagination]')?.remove(); // its pages belong to the old filter
    // New results start at their top (and the scroll does not fetch page 2 at once).
    // 'instant': Bootstrap makes scrolling smooth, and a page shrinking under a
    // running animation would bring the end of the list into view.
    if (table.getBoundingClientRect().top < 0) form.scrollIntoView({ behavior: 'instant', block: 'start' });
    load(1, true);
  }

  function formParams() {
    const params = new URLSearchParams();
    for (const name of ['q', 'status', 'sort', 'order']) {
      const value = form.elements.namedItem(name)?.value.trim();
      if (value) params.set(name, value);
    }
    if (state.params.has('page_size')) params.set('page_size', state.params.get('page_size'));
    return params;
  }

  let searchTimer = null;
  let searchPushed = false;
  form.addEventListener('input', (event) => {
    if (event.target.name !== 'q') return;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      apply(formParams(), { push: !searchPushed });
      searchPushed = true; // the rest of this typing replaces the same entry
    }, SEARCH_DELAY_MS);
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'q') return;
    if (event.target.name === 'sort') form.elements.namedItem('order').value = defaultOrder(event.target.value);
    searchPushed = false;
    apply(formParams(), { push: true });
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(searchTimer);
    searchPushed = false;
    apply(formParams(), { push: true });
  });
  table.querySelector('thead').addEventListener('click', (event) => {
    const link = event.target.closest('th[data-sort-key] a');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    searchPushed = false;
    apply(filterOf(new URL(link.href).searchParams), { push: true });
  });
  window.addEventListener('popstate', () => {
    searchPushed = false;
    state.params = filterOf(new URLSearchParams(window.location.search));
    syncForm();
    document.querySelector('[data-pagination]')?.remove();
    load(1, true);
  });

  // ------------------------------------------------------------ infinite scroll

  // The page after the last row shown, in pages of the size the script loads.
  function nextPage() {
    const size = Number(state.params.get('page_size')) || APPEND_SIZE;
    const shown = rows.querySelectorAll('tr:not([data-empty])').length;
    return Math.floor((state.skipped + shown) / size) + 1;
  }

  const sentinel = el('div', { class: 'list-sentinel', 'aria-hidden': 'true' });
  (more || table).after(sentinel);
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting) && state.hasNext && !state.loading) load(nextPage(), false);
  }, { rootMargin: '800px 0px' });

  function observeEnd() {
    observer.unobserve(sentinel);
    if (state.hasNext) observer.observe(sentinel);
  }

  // The server's pagination gives way to the scroll (it stays for pages opened
  // without JavaScript, and for ?page=N links: the scroll continues from there).
  document.querySelector('[data-pagination]')?.remove();
  syncForm();
  showCounts();
  observeEnd();
  document.documentElement.dataset.readyMs = String(Math.round(performance.now()));
})();
