// The result document as CSV, Markdown and a terminal table. JSON is the document itself.
import type { BenchmarkDocument, BenchmarkResult } from './types';
import { formatBytes, MODEL_NAMES } from './verdict';

const CSV_COLUMNS = [
  'workload',
  'model',
  'workers',
  'tasks',
  'repeats',
  'wall_median_s',
  'wall_min_s',
  'wall_max_s',
  'spread',
  'speedup',
  'throughput_tasks_per_s',
  'cpu_s',
  'utilisation',
  'peak_tree_bytes',
  'startup_s',
] as const;

function csvCells(r: BenchmarkResult): (string | number)[] {
  return [r.workload, r.model, r.workers, r.tasks, r.repeats, r.wall_s.median, r.wall_s.min, r.wall_s.max, r.spread, r.speedup, r.throughput, r.cpu_s, r.utilisation, r.peak_tree_bytes, r.startup_s];
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(document: BenchmarkDocument): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const result of document.results) lines.push(csvCells(result).map(csvField).join(','));
  return lines.join('\n') + '\n';
}

interface Column {
  title: string;
  cell: (r: BenchmarkResult) => string;
  alignRight: boolean;
}

const TABLE_COLUMNS: Column[] = [
  { title: 'workload', cell: (r) => r.workload, alignRight: false },
  { title: 'model', cell: (r) => MODEL_NAMES[r.model], alignRight: false },
  { title: 'workers', cell: (r) => String(r.workers), alignRight: true },
  { title: 'wall s (median)', cell: (r) => r.wall_s.median.toFixed(3), alignRight: true },
  { title: 'min–max s', cell: (r) => `${r.wall_s.min.toFixed(3)}–${r.wall_s.max.toFixed(3)}`, alignRight: true },
  { title: 'speedup', cell: (r) => `${r.speedup.toFixed(2)}×`, alignRight: true },
  { title: 'tasks/s', cell: (r) => r.throughput.toFixed(1), alignRight: true },
  { title: 'cpu s', cell: (r) => r.cpu_s.toFixed(2), alignRight: true },
  { title: 'cpu use', cell: (r) => `${Math.round(r.utilisation * 100)}%`, alignRight: true },
  { title: 'peak memory', cell: (r) => formatBytes(r.peak_tree_bytes), alignRight: true },
  { title: 'pool start-up', cell: (r) => `${(r.startup_s * 1000).toFixed(0)} ms`, alignRight: true },
];

function heading(document: BenchmarkDocument): string {
  const rt = document.runtime;
  const gil = rt.gil_enabled === null ? '' : `, GIL ${rt.gil_enabled ? 'enabled' : 'disabled'}`;
  const start = rt.start_method ? `, start method ${rt.start_method}` : '';
  return `${rt.implementation} ${rt.version}${gil}${start} — ${document.machine.cores} cores, ${document.machine.os}; ` +
    `preset ${document.settings.preset}, ${document.settings.repeat} repeats, memory as ${document.memory_measure.toUpperCase()}`;
}

export function toMarkdown(document: BenchmarkDocument): string {
  const lines = ['# Threads vs processes benchmark', '', heading(document), ''];
  for (const sentence of document.verdict) lines.push(`- ${sentence}`);
  lines.push('', `| ${TABLE_COLUMNS.map((c) => c.title).join(' | ')} |`);
  lines.push(`| ${TABLE_COLUMNS.map((c) => (c.alignRight ? '---:' : '---')).join(' | ')} |`);
  for (const result of document.results) lines.push(`| ${TABLE_COLUMNS.map((c) => c.cell(result).replace(/\|/g, '\\|')).join(' | ')} |`);
  return lines.join('\n') + '\n';
}

export function toTable(document: BenchmarkDocument): string {
  const cells = document.results.map((r) => TABLE_COLUMNS.map((c) => c.cell(r)));
  const widths = TABLE_COLUMNS.map((c, i) => Math.max(c.title.length, ...cells.map((row) => row[i].length)));
  const format = (row: string[]): string =>
    row.map((cell, i) => (TABLE_COLUMNS[i].alignRight ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd();
  const lines = [heading(document), '', format(TABLE_COLUMNS.map((c) => c.title)), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of cells) lines.push(format(row));
  lines.push('', ...document.verdict);
  return lines.join('\n') + '\n';
}

export type ExportFormat = 'json' | 'csv' | 'markdown' | 'table';

export function exportDocument(document: BenchmarkDocument, format: ExportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(document, null, 2) + '\n';
    case 'csv':
      return toCsv(document);
    case 'markdown':
      return toMarkdown(document);
    case 'table':
      return toTable(document);
  }
}
