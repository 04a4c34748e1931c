// Edits in functions far apart: each re-analysis keeps a different part of the file, and lines typed
// near the top move every function below them. After each step the Problems panel must list what
// the CLI reports for the saved file, at the lines the CLI gives.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { typeStepsMatchingCli } from './harness/expect';
import { cliMarkers, FAR_BOTTOM, FAR_FILE, FAR_TOP } from './harness/workspace';

describe('far-apart edits', () => {
  it('lists the CLI findings after typing near the top, near the bottom, and near the top again', async () => {
    const { workbench, workspace } = session();
    const file = path.join(workspace, FAR_FILE);
    assert.deepEqual(cliMarkers(file), [], 'the file starts clean');
    await workbench.openFile(FAR_FILE);

    await typeStepsMatchingCli(workbench, file, FAR_FILE, [], [
      { after: FAR_TOP, typed: 'print(threading.currentThread())', indent: 8, codes: ['CL010'] },
      { after: FAR_BOTTOM, typed: 'print(threading.activeCount())', indent: 12, codes: ['CL010', 'CL010'] },
      // No finding of its own: every line below moves down by one.
      { after: FAR_TOP, typed: 'items.reverse()', indent: 8, codes: ['CL010', 'CL010'] },
    ]);
    await workbench.screenshot('far-apart-edits');
  });
});
