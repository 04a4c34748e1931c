// Draws the benchmark result panel. Runs inside the webview; data arrives by postMessage.
/* global acquireVsCodeApi, Chart, document, window, getComputedStyle */
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const $ = (id) => document.getElementById(id);
  const WORKLOAD_NAMES = { cpu: 'CPU-bound', io: 'I/O-bound', mixed: 'Mixed' };
  const MODEL_NAMES = {
    sequential: 'sequential', threads: 'threads', processes: 'processes', asyncio: 'asyncio',
    worker_threads: 'worker threads', child_process: 'child processes',
  };
  // Chart colours come from the editor theme's chart palette.
  const MODEL_COLOURS = {
    sequential: '--vscode-charts-foreground', threads: '--vscode-charts-blue', processes: '--vscode-charts-orange',
    asyncio: '--vscode-charts-green', worker_threads: '--vscode-charts-blue', child_process: '--vscode-charts-orange',
  };
  let charts = [];

  function cssVar(name, fallback) {
    const value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
  }

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children || []) node.appendChild(child);
    return node;
  }

  function megabytes(bytes) {
    return bytes / 1048576;
  }

  function formatBytes(bytes) {
    const mib = megabytes(bytes);
    return mib >= 1024 ? (mib / 1024).toFixed(1) + ' GB' : mib >= 10 ? Math.round(mib) + ' MB' : mib.toFixed(1) + ' MB';
  }

  function setRunning(isRunning) {
    $('rerun').disabled = isRunning;
    $('cancel').hidden = !isRunning;
    for (const id of ['export-json', 'export-csv', 'export-markdown']) $(id).disabled = isRunning;
  }

  function showStatus(text, isError) {
    const status = $('status');
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  function lineChart(canvas, title, yTitle, datasets, logX) {
    const foreground = cssVar('--vscode-foreground', '#ccc');
    const grid = cssVar('--vscode-editorWidget-border', 'rgba(128,128,128,0.3)');
    const axis = (text, type) => ({
      type, title: { display: true, text, color: foreground }, ticks: { color: foreground }, grid: { color: grid },
    });
    return new Chart(canvas, {
      type: 'line',
      data: { datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        parsing: false,
        plugins: {
          title: { display: true, text: title, color: foreground },
          legend: { labels: { color: foreground } },
        },
        scales: { x: axis('workers', logX ? 'logarithmic' : 'linear'), y: { ...axis(yTitle, 'linear'), beginAtZero: true } },
      },
    });
  }

  function datasetsFor(rows, value) {
    const byModel = new Map();
    for (const row of rows) {
      if (!byModel.has(row.model)) byModel.set(row.model, []);
      byModel.get(row.model).push({ x: row.workers, y: value(row) });
    }
    return [...byModel].map(([model, points]) => {
      const colour = cssVar(MODEL_COLOURS[model], '#888');
      return {
        label: MODEL_NAMES[model] || model,
        data: points.sort((a, b) => a.x - b.x),
        borderColor: colour,
        backgroundColor: colour,
        pointRadius: model === 'sequential' ? 5 : 3,
      };
    });
  }

  function renderCharts(doc) {
    for (const chart of charts) chart.destroy();
    charts = [];
    const container = $('charts');
    container.replaceChildren();
    for (const workload of ['cpu', 'io', 'mixed']) {
      const rows = doc.results.filter((r) => r.workload === workload);
      if (rows.length === 0) continue;
      const timeCanvas = el('canvas', { 'aria-label': WORKLOAD_NAMES[workload] + ': wall time against workers' });
      const memoryCanvas = el('canvas', { 'aria-label': WORKLOAD_NAMES[workload] + ': peak memory against workers' });
      container.appendChild(el('h2', { text: WORKLOAD_NAMES[workload] }));
      container.appendChild(el('div', { class: 'workload-charts' }, [
        el('div', { class: 'chart' }, [timeCanvas]),
        el('div', { class: 'chart' }, [memoryCanvas]),
      ]));
      const logX = Math.max(...rows.map((r) => r.workers)) >= 16;
      charts.push(lineChart(timeCanvas, 'Wall time (median of ' + doc.settings.repeat + ')', 'seconds', datasetsFor(rows, (r) => r.wall_s.median), logX));
      charts.push(lineChart(memoryCanvas, 'Peak memory of the process tree (' + doc.memory_measure.toUpperCase() + ')', 'MB', datasetsFor(rows, (r) => megabytes(r.peak_tree_bytes)), logX));
    }
  }

  function renderTable(doc, previous) {
    const previousRow = (row) =>
      previous && previous.results.find((p) => p.workload === row.workload && p.model === row.model && p.workers === row.workers);
    const headers = ['workload', 'model', 'workers', 'wall s (median)', 'min–max', 'speedup', 'tasks/s', 'CPU s', 'CPU use', 'peak memory', 'pool start-up'];
    if (previous) headers.push('vs previous run');
    const body = doc.results.map((r) => {
      const cells = [
        [WORKLOAD_NAMES[r.workload], false], [MODEL_NAMES[r.model] || r.model, false], [String(r.workers), true],
        [r.wall_s.median.toFixed(3), true], [r.wall_s.min.toFixed(3) + '–' + r.wall_s.max.toFixed(3), true],
        [r.speedup.toFixed(2) + '×', true], [r.throughput.toFixed(1), true], [r.cpu_s.toFixed(2), true],
        [Math.round(r.utilisation * 100) + '%', true], [formatBytes(r.peak_tree_bytes), true],
        [Math.round(r.startup_s * 1000) + ' ms', true],
      ].map(([text, numeric]) => el('td', { text, class: numeric ? 'number' : '' }));
      if (previous) {
        const before = previousRow(r);
        if (before && before.wall_s.median > 0) {
          const change = (r.wall_s.median / before.wall_s.median - 1) * 100;
          const text = (change >= 0 ? '+' : '') + change.toFixed(0) + '% time';
          cells.push(el('td', { text, class: 'number ' + (change <= -10 ? 'better' : change >= 10 ? 'worse' : '') }));
        } else {
          cells.push(el('td', { text: '—', class: 'number' }));
        }
      }
      return el('tr', {}, cells);
    });
    $('table').replaceChildren(
      el('h2', { text: 'Measurements' }),
      el('table', {}, [el('thead', {}, [el('tr', {}, headers.map((h) => el('th', { text: h })))]), el('tbody', {}, body)]),
    );
  }

  function renderResult(doc, previous) {
    const rt = doc.runtime;
    const gil = rt.gil_enabled === null ? '' : ', GIL ' + (rt.gil_enabled ? 'enabled' : 'disabled');
    const start = rt.start_method ? ', start method ' + rt.start_method : '';
    showStatus(rt.implementation + ' ' + rt.version + gil + start + ' · ' + doc.machine.cores + ' cores · ' +
      doc.duration_s.toFixed(0) + ' s · ' + new Date(doc.created_at).toLocaleString() +
      (previous ? ' · compared with the run of ' + new Date(previous.created_at).toLocaleString() : ''));
    $('verdict').replaceChildren(el('ul', {}, doc.verdict.map((sentence) => el('li', { text: sentence }))));
    renderCharts(doc);
    renderTable(doc, previous);
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message.type === 'running') {
      setRunning(true);
      const p = message.progress;
      showStatus('Running ' + message.title + ' — ' + p.done + '/' + p.total + ': ' + p.label);
    } else if (message.type === 'result') {
      setRunning(false);
      renderResult(message.document, message.previous);
    } else if (message.type === 'failed') {
      setRunning(false);
      showStatus(message.message, true);
    }
  });

  $('rerun').addEventListener('click', () => vscode.postMessage({ type: 'rerun' }));
  $('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancel' }));
  for (const format of ['json', 'csv', 'markdown']) {
    $('export-' + format).addEventListener('click', () => vscode.postMessage({ type: 'export', format }));
  }
  vscode.postMessage('ready');
})();
