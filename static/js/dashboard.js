// The dashboard, enhanced: a confirmation before a sync, toasts, the live activity
// console, the running job's progress, and the numbers refreshed when a job ends.
// Without JavaScript the sync forms still post and the page still shows it all.
'use strict';

(() => {
  const { t, el, getJSON, postJSON, toast, formatCount, formatDecimal, formatBytes, formatDuration, timeElement, label, summaryText } =
    window.Redriva;

  const POLL_RUNNING_MS = 1000;
  const POLL_IDLE_MS = 10000;
  const CONSOLE_MAX_LINES = 500;

  const consoleList = document.getElementById('activity-console');
  const autoScroll = document.getElementById('console-autoscroll');
  const clearButton = document.getElementById('console-clear');
  const progressBox = document.getElementById('sync-progress');
  const dialog = document.getElementById('confirm-sync');
  const syncForms = [...document.querySelectorAll('form[data-sync-form]')];

  let lastEventId = Number(consoleList?.dataset.lastId || 0);
  let watchedJob = null; // id of the job we follow until it ends
  let timer = null;
  let rateSample = null; // {at, requests} for the requests/min estimate

  // ------------------------------------------------------------ confirmation

  function confirmSync(type, button) {
    if (!dialog || typeof dialog.showModal !== 'function') {
      return Promise.resolve(window.confirm(t('js.confirm.title', { name: t(`js.sync.name.${type}`) })));
    }
    dialog.querySelector('[data-confirm-title]').textContent = t('js.confirm.title', {
      name: t(`js.sync.name.${type}`),
    });
    dialog.querySelector('[data-confirm-body]').textContent =
      button.querySelector('.sync-description')?.textContent || '';
    return new Promise((resolve) => {
      dialog.returnValue = '';
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'start'), { once: true });
      dialog.showModal();
      dialog.querySelector('[value="start"]').focus();
    });
  }

  async function startSync(form) {
    const button = form.querySelector('button[type="submit"]');
    const type = button.dataset.sync;
    if (!(await confirmSync(type, button))) return;
    setButtonsBusy(true);
    const token = form.querySelector('input[name="csrf_token"]')?.value || '';
    let reply;
    try {
      reply = await postJSON(`/api/sync/${encodeURIComponent(type)}`, token);
    } catch (error) {
      setButtonsBusy(false);
      toast('danger', t('js.sync.unreachable', { message: error.message }));
      return;
    }
    const body = reply.body || {};
    if (reply.status === 202) {
      toast('success', t('js.sync.queued', { id: body.id, duration: formatDuration(body.estimated_duration) }));
      watchedJob = body.id;
      schedule(200);
    } else if (reply.status === 409) {
      const job = body.job || {};
      toast('warning', t('js.sync.busy', { id: job.id, state: label('job_state', job.state) }));
      watchedJob = job.id || null;
      schedule(200);
    } else if (reply.status === 403) {
      setButtonsBusy(false);
      toast('danger', t('js.sync.refused', { message: body.error || reply.status }));
    } else {
      setButtonsBusy(false);
      toast('danger', t('js.sync.error', { message: body.error || `HTTP ${reply.status}` }));
    }
  }

  function setButtonsBusy(busy) {
    for (const form of syncForms) form.querySelector('button[type="submit"]').disabled = busy;
  }

  // ------------------------------------------------------------ console

  function appendEvents(events) {
    if (!consoleList || events.length === 0) return;
    consoleList.querySelector('[data-placeholder]')?.remove();
    const nearBottom = consoleList.scrollHeight - consoleList.scrollTop - consoleList.clientHeight < 40;
    for (const e of events) {
      consoleList.append(
        el(
          'li',
          { class: `event-${e.level}`, 'data-event-id': e.id },
          timeElement(e.at),
          ' ',
          el('span', { class: 'event-level', text: e.level }),
          ' ',
          el('span', { class: 'event-message', text: e.message }),
        ),
      );
    }
    while (consoleList.children.length > CONSOLE_MAX_LINES) consoleList.firstElementChild.remove();
    if (autoScroll?.checked || (!autoScroll && nearBottom)) consoleList.scrollTop = consoleList.scrollHeight;
  }

  async function pollEvents() {
    const reply = await getJSON(`/api/sync/events?after=${lastEventId}&limit=200`);
    if (reply.status !== 200 || !reply.body) return;
    appendEvents(reply.body.events || []);
    lastEventId = reply.body.last_id ?? lastEventId;
  }

  clearButton?.addEventListener('click', () => {
    consoleList.replaceChildren(el('li', { class: 'text-body-secondary', 'data-placeholder': true, text: t('js.console.cleared') }));
  });

  // ------------------------------------------------------------ progress

  function showProgress(job) {
    if (!progressBox) return;
    if (!job) {
      progressBox.hidden = true;
      rateSample = null;
      return;
    }
    progressBox.hidden = false;
    document.querySelector('[data-active-job]')?.remove(); // the server's snapshot
    const phaseKey = job.state === 'queued' ? 'waiting' : job.phase || 'waiting';
    progressBox.querySelector('[data-job-line]').textContent = t('js.job.line', {
      id: job.id,
      type: label('job_kind', job.type),
      state: label('job_state', job.state),
    });
    progressBox.querySelector('[data-phase]').textContent = t(`js.phase.${phaseKey}`);
    const bar = progressBox.querySelector('progress');
    if (job.total > 0) {
      bar.max = job.total;
      bar.value = Math.min(job.done, job.total);
    } else {
      bar.removeAttribute('value'); // indeterminate while listing
    }
    const now = performance.now();
    if (!rateSample || job.requests < rateSample.requests) rateSample = { at: now, requests: job.requests };
    const minutes = (now - rateSample.at) / 60000;
    const parts = [];
    if (job.total > 0) parts.push(t('js.progress.counts', { done: formatCount(job.done), total: formatCount(job.total) }));
    if (minutes > 0.03) parts.push(t('js.progress.rate', { rate: formatCount(Math.round((job.requests - rateSample.requests) / minutes)) }));
    if (job.eta_seconds !== null && job.eta_seconds !== undefined) parts.push(t('js.progress.eta', { duration: formatDuration(job.eta_seconds) }));
    parts.push(t('js.progress.requests', { requests: formatCount(job.requests), retries: formatCount(job.retries), limited: formatCount(job.rate_limited) }));
    progressBox.querySelector('[data-progress-text]').textContent = parts.join(' · ');
  }

  // ------------------------------------------------------------ numbers

  async function refreshStats(last) {
    const reply = await getJSON('/api/stats');
    if (reply.status !== 200 || !reply.body) return;
    const s = reply.body;
    const set = (kind, value) => {
      const node = document.querySelector(`[data-stat="${kind}"]`);
      if (node) node.textContent = value;
    };
    set('total', formatCount(s.total_torrents));
    set('details', formatCount(s.total_details));
    set('active', formatCount(s.active_count));
    set('errors', formatCount(s.error_count));
    set('recent', formatCount(s.recent_24h));
    set('size', formatBytes(s.total_size));
    const coverage = document.querySelector('[data-stat-note="details"]');
    if (coverage) coverage.textContent = t('js.card.coverage', { percent: formatDecimal(s.coverage, 1) });
    const job = last || s.last_sync;
    const line = document.getElementById('last-sync');
    if (line && job) {
      // The same line as the server's: its date a <time> in the reader's zone.
      const [before, after] = t('js.last_sync', { type: label('job_kind', job.type), state: label('job_state', job.state) }).split('{finished}');
      const summary = summaryText(job);
      line.replaceChildren(before, timeElement(job.finished_at), after ?? '', summary ? ` · ${summary}` : '');
    }
    for (const row of document.querySelectorAll('[data-status-count]')) {
      const count = (s.status_counts || {})[row.dataset.statusCount];
      row.textContent = formatCount(count || 0);
    }
  }

  // ------------------------------------------------------------ the loop

  async function tick() {
    timer = null;
    let running = false;
    try {
      await pollEvents();
      const reply = await getJSON('/api/sync/status');
      if (reply.status === 200 && reply.body) {
        const { current, last } = reply.body;
        showProgress(current);
        running = Boolean(current);
        setButtonsBusy(running);
        if (current) {
          watchedJob = current.id;
        } else if (watchedJob !== null && last && last.id === watchedJob) {
          watchedJob = null;
          await pollEvents(); // the job's last lines
          await refreshStats(last);
          const ok = last.state === 'done';
          toast(ok ? 'success' : 'danger', t(ok ? 'js.sync.done' : 'js.sync.failed', { id: last.id, result: summaryText(last) }));
        }
      }
    } catch {
      // A missed poll is retried at the next tick; the page keeps what it shows.
    }
    schedule(running || watchedJob !== null ? POLL_RUNNING_MS : POLL_IDLE_MS);
  }

  function schedule(ms) {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(tick, ms);
  }

  for (const form of syncForms) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      startSync(form);
    });
  }
  for (const node of document.querySelectorAll('[data-js-only]')) node.hidden = false;
  if (consoleList) consoleList.scrollTop = consoleList.scrollHeight;
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) schedule(0);
  });
  schedule(document.querySelector('[data-active-job]') ? 0 : 1000);
  // When the page became usable (the browser tests hold it to a budget).
  document.documentElement.dataset.readyMs = String(Math.round(performance.now()));
})();
