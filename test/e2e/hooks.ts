// Root hooks of the end-to-end suite: one code-server with the packaged extension in a fresh profile,
// one headless Chromium on it, shared by the scenarios; a screenshot when a scenario fails; and at
// the end code-server and every process it started are ended, whatever happened.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';
import { CHROMIUM, E2E_DIR, ensureEditor, installExtension, prepareProfile, startCodeServer, VSIX } from '../../scripts/e2e-setup.mjs';
import type { RunningCodeServer } from '../../scripts/e2e-setup.mjs';
import { Workbench, WAIT_MS } from './harness/workbench';
import { createWorkspace } from './harness/workspace';

export interface Session {
  workbench: Workbench;
  workspace: string;
  server: RunningCodeServer;
}

let current: Session | undefined;
let browser: BrowserContext | undefined;

export function session(): Session {
  if (!current) throw new Error('the end-to-end session did not start (see the root hook error above)');
  return current;
}

export const SCREENSHOT_DIR = path.join(E2E_DIR, 'screenshots');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(15 * 60_000);
    if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run \`npm run package\` first (npm run test:e2e does)`);
    const editor = ensureEditor();
    const runDir = path.join(E2E_DIR, 'runs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
    rmSync(path.join(E2E_DIR, 'runs'), { recursive: true, force: true });
    rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
    mkdirSync(runDir, { recursive: true });
    const workspace = path.join(runDir, 'workspace');
    createWorkspace(workspace);
    // JSON typed by the suite is taken literally: no closing brackets or indentation added as it goes.
    const profile = prepareProfile(runDir, {
      '[jsonc]': { 'editor.autoClosingBrackets': 'never', 'editor.autoClosingQuotes': 'never', 'editor.autoSurround': 'never', 'editor.autoIndent': 'none' },
    });
    installExtension(editor, profile);
    const server = await startCodeServer(editor, profile, workspace);
    process.on('exit', () => server.stop());
    current = { workspace, server, workbench: undefined as unknown as Workbench };
    browser = await chromium.launchPersistentContext(path.join(runDir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1600, height: 1000 },
      args: CHROMIUM_ARGS,
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(WAIT_MS);
    const workbench = new Workbench(page, SCREENSHOT_DIR);
    current.workbench = workbench;
    await page.goto(`${server.url}?folder=${encodeURIComponent(workspace)}`, { timeout: WAIT_MS });
    await page.locator('.monaco-workbench').waitFor({ timeout: WAIT_MS });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'bank_account.py' }).waitFor({ timeout: WAIT_MS });
    // The workbench takes keyboard shortcuts once it has focus.
    await page.locator('.monaco-workbench').click({ position: { x: 800, y: 500 } });
    await workbench.screenshot('workbench-ready');
  },

  async afterEach(this: Mocha.Context): Promise<void> {
    const test = this.currentTest;
    if (!current?.workbench || !test) return;
    if (test.state === 'failed') {
      const file = await current.workbench.screenshot(`FAILED-${test.title}`).catch(() => undefined);
      if (file) console.log(`      screenshot of the failure: ${file}`);
    }
    // Leave a clean editor area for the next scenario.
    await current.workbench.page.keyboard.press('Escape');
    await current.workbench.closeAllEditors().catch(() => undefined);
  },

  async afterAll(): Promise<void> {
    await browser?.close().catch(() => undefined);
    current?.server.stop();
  },
};
