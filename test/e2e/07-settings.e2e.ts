// Turning a rule off in the settings JSON removes its diagnostics from open files without a reload.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { session } from './hooks';
import { expectProblems } from './harness/expect';
import { cliMarkers } from './harness/workspace';

const FILE = 'settings_scraper.py';
const RULE = 'CL003';
const SETTINGS = { 'concurrencyLint.rules': { [RULE]: 'off' } };

describe('settings', () => {
  it(`turning ${RULE} off in the workspace settings JSON removes its diagnostics at once`, async () => {
    const { workbench, workspace } = session();
    const { page } = workbench;
    const file = path.join(workspace, FILE);
    const before = cliMarkers(file);
    assert.ok(before.some((m) => m.code === RULE), `${FILE} should have a ${RULE} finding`);
    const others = before.filter((m) => m.code !== RULE);
    assert.ok(others.length > 0, `${FILE} should have findings of other rules too`);

    await workbench.openFile(FILE);
    await expectProblems(workbench, FILE, before);

    // The settings JSON opens in an editor of its own (a modal one in this VS Code), with the focus.
    await workbench.runCommand('Preferences: Open Workspace Settings (JSON)');
    await page.locator('.monaco-breadcrumbs', { hasText: 'settings.json' }).first().waitFor();
    await page.locator('.monaco-editor.focused').waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(JSON.stringify(SETTINGS));
    await page.keyboard.press('Control+S');
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    await workbench.until('the settings JSON to be saved', async () => {
      try {
        return JSON.stringify(JSON.parse(readFileSync(settingsFile, 'utf8'))) === JSON.stringify(SETTINGS) ? true : undefined;
      } catch {
        return undefined; // not written yet
      }
    });
    await workbench.screenshot('settings-json');
    await page.keyboard.press('Escape');

    await workbench.openFile(FILE);
    await expectProblems(workbench, FILE, others);
    await workbench.screenshot(`${RULE}-off`);
  });
});
