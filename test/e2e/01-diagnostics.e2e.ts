// Opening a smelly example shows squiggles on the anchor lines and exactly the command line's findings
// in the Problems panel.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { expectProblems, expectSquiggles } from './harness/expect';
import { cliMarkers } from './harness/workspace';

const FILE = 'bank_account.py';

describe('diagnostics in the editor', () => {
  it('shows squiggles on the anchor lines and the CLI findings (code, line, message) in Problems', async () => {
    const { workbench, workspace } = session();
    const expected = cliMarkers(path.join(workspace, FILE));
    assert.ok(expected.length >= 3, `${FILE} should have several findings, the CLI reports ${expected.length}`);

    await workbench.openFile(FILE);
    await expectProblems(workbench, FILE, expected);
    await expectSquiggles(workbench, expected);
    await workbench.screenshot('diagnostics-bank-account');
    await workbench.runCommand('Focus Problems (Errors, Warnings, Infos)');
    await workbench.screenshot('problems-panel-bank-account');
  });
});
