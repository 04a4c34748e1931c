// What the benchmark scripts share: medians and percentiles, the CPython standard library on this
// machine, and the 5,000-line Python file the re-analysis benchmarks edit (five concurrency modules of
// the standard library one after another, cut at the last top-level statement that starts before
// line 5,000, so the file parses as the modules do) with the edits they make in it.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** @param {number[]} xs */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The smallest value with at least p% of the values at or below it. @param {number[]} xs @param {number} p */
export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

export function stdlibPath() {
  return execFileSync('python3', ['-c', 'import sysconfig;print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
}

/** Every .py file under `dir` (site-packages and __pycache__ left out), sorted. @param {string} dir @returns {string[]} */
export function pythonFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'site-packages' && entry.name !== '__pycache__') walk(p);
      } else if (entry.name.endsWith('.py')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** An import of threading, multiprocessing, concurrent.futures or queue, in any form. */
const CONCURRENCY_IMPORT =
  /^[ \t]*(?:import[ \t][^\n#]*\b(?:threading|multiprocessing|concurrent\.futures|queue)\b|from[ \t]+(?:threading|multiprocessing|concurrent\.futures|queue)\b|from[ \t]+concurrent[ \t]+import[ \t]+futures)/m;

/** The files among `files` that import a concurrency module: pylint's anchor set. @param {string[]} files */
export function concurrencyFiles(files) {
  return files.filter((f) => CONCURRENCY_IMPORT.test(readFileSync(f, 'latin1')));
}

/** @returns {{ text: string, lines: string[] }} */
export function bigFile(stdlib = stdlibPath()) {
  const parts = ['threading.py', 'multiprocessing/pool.py', 'concurrent/futures/process.py', 'queue.py', 'multiprocessing/managers.py'];
  const source = parts.map((p) => readFileSync(path.join(stdlib, p), 'utf8')).join('\n');
  const cut = spawnSync('python3', ['-c', 'import ast,sys;s=sys.stdin.read();t=ast.parse(s);print(max(n.lineno-1 for n in t.body if n.lineno-1<=5000))'], { input: source, encoding: 'utf8' });
  const lines = source.split('\n').slice(0, Number(cut.stdout.trim()));
  if (lines.length < 4900) throw new Error('could not build the 5,000-line file');
  return { text: lines.join('\n') + '\n', lines };
}

/**
 * The bench's edits: at the end of a body line (indented 8) past line 100, 37 lines apart in turn;
 * even edits type an `x`, odd ones delete it again, so the file keeps its size.
 */
export function* benchEdits(lines, count) {
  const bodyLines = lines.map((l, i) => i).filter((i) => /^ {8}\S/.test(lines[i]) && i > 100);
  let last = { line: 0, character: 0 };
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      const line = bodyLines[(i * 37) % bodyLines.length];
      last = { line, character: lines[line].length };
      yield { range: { start: last, end: last }, text: 'x' };
    } else yield { range: { start: last, end: { line: last.line, character: last.character + 1 } }, text: '' };
  }
}
