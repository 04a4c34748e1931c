// Edits in functions far apart: each re-analysis keeps a different part of the file, and lines typed
// near the top move every function below them. After each step the Problems panel must list what
// the CLI reports for the saved file, at the lines the CLI gives.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { expectProblems, typeNewLineAfter } from './harness/expect';
import { cliMarkers, FAR_BOTTOM, FAR_FILE, FAR_TOP, readText } from './harness/workspace';

describe('far-apart edits', () => {
  it('lists the CLI findings after typing near the top, near the bottom, and near the top again', async () => {
    const { workbench, workspace } = session();
    const file = path.join(workspace, FAR_FILE);
    let text = readText(file);
    assert.deepEqual(cliMarkers(file), [], 'the file starts clean');
    await workbench.openFile(FAR_FILE);

    const steps = [
      { after: FAR_TOP, typed: 'print(threading.currentThread())', indent: 8, codes: ['CL010'] },
      { after: FAR_BOTTOM, typed: 'print(threading.activeCount())', indent: 12, codes: ['CL010', 'CL010'] },
      // No finding of its own: every line below moves down by one.
      { after: FAR_TOP, typed: 'items.reverse()', indent: 8, codes: ['CL010', 'CL010'] },
    ];
    let previous = '';
    for (const step of steps) {
      text = await typeNewLineAfter(workbench, file, text, step.after, step.typed, step.indent);
      const markers = cliMarkers(file);
      assert.deepEqual(markers.map((m) => m.code), step.codes, `the CLI after typing ${step.typed}`);
      assert.notEqual(JSON.stringify(markers), previous, 'each step changes what the CLI reports');
      previous = JSON.stringify(markers);
      await expectProblems(workbench, FAR_FILE, markers);
    }
    await workbench.screenshot('far-apart-edits');
  });
});
