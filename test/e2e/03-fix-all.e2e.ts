// "Fix all" through the source action menu applies every safe fix at once, as the server's fix-all does.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { allSafeFixesApplied } from './harness/engine';
import { expectProblems, expectSavedText } from './harness/expect';
import { cliMarkers, readText } from './harness/workspace';

const FILE = 'fix_all_worker.py';
const FIX_ALL_TITLE = 'Fix all safe Concurrency Lint problems';

describe('fix all', () => {
  it('applies every safe fix through the source action and saves the fixed text', async () => {
    const { workbench, workspace } = session();
    const file = path.join(workspace, FILE);
    const before = cliMarkers(file);
    const expectedText = await allSafeFixesApplied(readText(file));
    assert.notEqual(expectedText, readText(file), 'fix-all should change the file');

    await workbench.openFile(FILE);
    await expectProblems(workbench, FILE, before);
    await workbench.runCommand('Source Action...');
    await workbench.chooseAction(FIX_ALL_TITLE, 'source-action-menu');
    await workbench.save();
    await expectSavedText(workbench, file, expectedText);

    const remaining = cliMarkers(file);
    assert.ok(remaining.length < before.length, `fix-all should remove findings (${before.length} before, ${remaining.length} after)`);
    await expectProblems(workbench, FILE, remaining);
  });
});
