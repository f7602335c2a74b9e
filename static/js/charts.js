// The dashboard's charts (Chart.js from Debian's libjs-chart.js). The library is
// 68 KB compressed: it is fetched only when the charts come onto the screen, so the
// dashboard's first load and its interactivity do not pay for it.
'use strict';

(() => {
  const { t, getJSON, toast, formatBytes, label, lang, statusBadge } = window.Redriva;
  const section = document.querySelector('[data-charts]');
  if (!section) return;

  const GROUP_COLOURS = {
    done: '#198754',
    transferring: '#0dcaf0',
    waiting: '#6c757d',
    failed: '#dc3545',
    other: '#6f42c1',
  };

  // Statuses of one badge colour get shades of it, so each slice stays distinct.
  function colours(statuses) {
    const seen = {};
    return statuses.map((s) => {
      const group = statusBadge(s);
      const n = (seen[group] = (seen[group] || 0) + 1) - 1;
      const alpha = Math.max(0.45, 1 - n * 0.18);
      const hex = GROUP_COLOURS[group];
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      return `rgba(${r}, ${g}, ${b}, ${alpha})`;
    });
  }

  function loadChartJs() {
    if (window.Chart) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/vendor/chart.js/chart.min.js';
      script.onload = resolve;
      script.onerror = () => reject(new Error('chart.min.js did not load'));
      document.head.append(script);
    });
  }

  // Text and grid colours from the page, so both light and dark modes read well.
  function theme() {
    const style = getComputedStyle(document.body);
    const text = style.color;
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    return { text, grid: dark ? 'rgba(255, 255, 255, 0.12)' : 'rgba(0, 0, 0, 0.1)' };
  }

  async function draw() {
    const [reply] = await Promise.all([getJSON('/api/charts'), loadChartJs()]);
    if (reply.status !== 200 || !reply.body) throw new Error(reply.body?.error || `HTTP ${reply.status}`);
    const { status, growth_by_month: months } = reply.body;
    const { text, grid } = theme();
    const { Chart } = window;
    Chart.defaults.color = text;
    Chart.defaults.borderColor = grid;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.animation = false; // charts of a dashboard need no entrance
    Chart.defaults.locale = lang; // axis and tooltip numbers as the page writes them

    const labels = status.map((s) => label('status', s.status));
    const fills = colours(status.map((s) => s.status));
    new Chart(document.getElementById('chart-status'), {
      type: 'doughnut',
      data: { labels, datasets: [{ label: t('js.chart.count'), data: status.map((s) => s.count), backgroundColor: fills, borderWidth: 1 }] },
      options: { plugins: { legend: { position: 'right', labels: { boxWidth: 12 } } } },
    });
    new Chart(document.getElementById('chart-growth'), {
      data: {
        labels: months.map((m) => m.month),
        datasets: [
          { type: 'line', label: t('js.chart.growth.cumulative'), data: months.map((m) => m.cumulative), borderColor: '#0d6efd', backgroundColor: '#0d6efd', pointRadius: 0, yAxisID: 'total' },
          { type: 'bar', label: t('js.chart.growth.added'), data: months.map((m) => m.count), backgroundColor: 'rgba(25, 135, 84, 0.6)', yAxisID: 'added' },
        ],
      },
      options: {
        interaction: { mode: 'index', intersect: false },
        scales: {
          total: { position: 'left', beginAtZero: true },
          added: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } },
        },
        plugins: { legend: { labels: { boxWidth: 12 } } },
      },
    });
    const gib = 1024 ** 3;
    new Chart(document.getElementById('chart-size'), {
      type: 'bar',
      data: { labels, datasets: [{ label: t('js.chart.size.axis'), data: status.map((s) => s.bytes / gib), backgroundColor: fills }] },
      options: {
        indexAxis: 'y',
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => formatBytes(status[item.dataIndex].bytes) } },
        },
        scales: { x: { beginAtZero: true, title: { display: true, text: t('js.chart.size.axis') } } },
      },
    });
    section.dataset.drawn = '1';
  }

  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    observer.disconnect();
    draw().catch((error) => toast('warning', t('js.chart.failed', { message: error.message })));
  });
  observer.observe(section);
})();
