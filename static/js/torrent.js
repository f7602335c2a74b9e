// A torrent's page and a job's: copy one link, or all of them, to the clipboard; on
// the page of a job this browser started, a toast with its counts once it has ended.
'use strict';

(() => {
  const { t, toast } = window.Redriva;

  // The Clipboard API needs a secure context (127.0.0.1 is one); over plain HTTP on
  // a LAN name, fall back to a selected, off-screen textarea.
  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return;
    }
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) throw new Error('copy refused');
  }

  async function copyAndSay(text, message) {
    try {
      await copy(text);
      toast('success', message);
    } catch {
      toast('warning', t('js.copy.failed'));
    }
  }

  for (const button of document.querySelectorAll('[data-copy]')) {
    button.addEventListener('click', () => copyAndSay(button.dataset.copy, t('js.copy.done')));
  }
  document.querySelector('[data-copy-all]')?.addEventListener('click', () => {
    const links = [...document.querySelectorAll('[data-copy]')].map((b) => b.dataset.copy);
    copyAndSay(links.join('\n'), t('js.copy.all_done', { n: links.length }));
  });
  // The page refreshes itself while the job runs, keeping ?started=1; the first
  // look at it ended says how it went, and drops the mark so a reload says nothing.
  const job = document.querySelector('[data-job]');
  const url = new URL(window.location.href);
  if (job && job.dataset.jobFinished === '1' && url.searchParams.has('started')) {
    const heading = document.querySelector('h1')?.textContent || '';
    const counts = job.querySelector('[data-job-counts]')?.textContent || '';
    toast(Number(job.dataset.jobFailed) > 0 ? 'warning' : 'success', t('js.job.ended', { heading, counts }));
    url.searchParams.delete('started');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }

  for (const node of document.querySelectorAll('[data-js-only]')) node.hidden = false;
  document.documentElement.dataset.readyMs = String(Math.round(performance.now()));

})();
