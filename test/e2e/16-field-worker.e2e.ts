// Typing in one method of a TypeScript class: a worker made in a local of a function below is judged
// as before and its finding reused, moved with the lines typed above it; a worker kept in a field is
// judged again, since the typed line may listen to it (CL016). After each step the Problems panel
// must list what the CLI reports for the saved file.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { expectProblems, typeStepsMatchingCli } from './harness/expect';
import { cliMarkers, FIELD_FILE, FIELD_WATCH } from './harness/workspace';

describe('TypeScript worker in a field', () => {
  it('follows the CLI as a method above the workers gets a comment, then listens to the worker of the field', async () => {
    const { workbench, workspace } = session();
    const file = path.join(workspace, FIELD_FILE);
    const first = cliMarkers(file);
    assert.deepEqual(first.map((m) => m.code), ['CL016', 'CL016'], 'both workers are reported');
    await workbench.openFile(FIELD_FILE);
    await expectProblems(workbench, FIELD_FILE, first);

    await typeStepsMatchingCli(workbench, file, FIELD_FILE, first, [
      // A comment: both findings move down by one line.
      { after: FIELD_WATCH, typed: '// every second', indent: 4, codes: ['CL016', 'CL016'] },
      { after: FIELD_WATCH, typed: "this.worker?.on('error', (e) => console.error(e));", indent: 4, codes: ['CL016'] },
    ]);
    await workbench.screenshot('field-worker');
  });
});
