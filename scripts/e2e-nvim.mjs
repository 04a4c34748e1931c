// Neovim check: headless Neovim 0.7 (a second, independent LSP client) runs the bundled server with
// --stdio on a quick-fix fixture, must receive the diagnostics the command line reports, and applying
// the server's first quick fix must give the fixture's golden after-text.
// Usage: node scripts/e2e-nvim.mjs (after `npm run build`; `npm run test:nvim` does both).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDebianPackages, REPO } from './e2e-setup.mjs';

const RULE = 'CL001';
const FIXTURE = path.join(REPO, 'test/fixes/python', RULE, 'with-block.before.py');
const EXPECTED = path.join(REPO, 'test/fixes/python', RULE, 'with-block.after.py');
const TIMEOUT_MS = 60_000;

function cliFindings(file) {
  const result = spawnSync(process.execPath, [path.join(REPO, 'dist/cli.js'), '--format', 'json', file], { encoding: 'utf8' });
  if (result.status !== 0 && result.status !== 1) throw new Error(`the CLI failed: ${result.stderr}`);
  return JSON.parse(result.stdout).findings.map((f) => `${f.ruleId}@${f.line - 1}:${f.column - 1}`).sort();
}

function fail(message, details) {
  process.stderr.write(`test:nvim FAILED: ${message}\n${details ? `${details}\n` : ''}`);
  process.exit(1);
}

ensureDebianPackages();
const version = execFileSync('nvim', ['--version'], { encoding: 'utf8' }).split('\n')[0];
const work = mkdtempSync(path.join(os.tmpdir(), 'concurrency-lint-nvim-'));
try {
  const file = path.join(work, 'deposit.py');
  copyFileSync(FIXTURE, file);
  const started = performance.now();
  const run = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(REPO, 'test/e2e/nvim/probe.lua'), file], {
    cwd: work,
    encoding: 'utf8',
    timeout: TIMEOUT_MS * 3,
    env: { ...process.env, SERVER_JS: path.join(REPO, 'dist/server.js'), PROBE_RULE: RULE, PROBE_TIMEOUT_MS: String(TIMEOUT_MS), HOME: work, XDG_CONFIG_HOME: work, XDG_DATA_HOME: work, XDG_STATE_HOME: work },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) fail(`Neovim printed no report (exit ${run.status ?? run.signal})`, `${run.stdout}\n${run.stderr}`);
  const report = JSON.parse(line);
  if (report.failure) fail(report.failure, JSON.stringify(report, null, 2));

  const received = report.diagnostics.map((d) => `${d.code}@${d.line}:${d.col}`).sort();
  const expected = cliFindings(FIXTURE);
  if (JSON.stringify(received) !== JSON.stringify(expected)) fail('the diagnostics differ from the CLI findings', `received ${received.join(', ')}\nexpected ${expected.join(', ')}`);
  if (!report.diagnostics.every((d) => d.source === 'concurrency-lint')) fail('a diagnostic has another source', JSON.stringify(report.diagnostics));
  const wanted = readFileSync(EXPECTED, 'utf8');
  if (report.text !== wanted) fail(`applying "${report.applied}" gave another text`, `--- got\n${report.text}--- expected\n${wanted}`);
  console.log(`test:nvim passed (${version}, ${seconds} s): ${received.length} diagnostic(s) ${received.join(', ')}; code actions: ${report.actions.join(' | ')}; applied "${report.applied}"; the text equals ${path.relative(REPO, EXPECTED)} and the ${RULE} diagnostic is gone`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
