// A worker handle in TypeScript is judged by its listeners first and, only when none listens for
// 'error', by whether it is handed on to other code (CL016). Typing hands one worker on, then gives
// the other an 'error' listener; after each step the Problems panel must list what the CLI reports
// for the saved file.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { expectProblems, typeStepsMatchingCli } from './harness/expect';
import { cliMarkers, HANDOFF_FILE, HANDOFF_HELPER, HANDOFF_TRACKED } from './harness/workspace';

describe('TypeScript workers handed on', () => {
  it('follows the CLI as one worker is handed on and the other gets an error listener', async () => {
    const { workbench, workspace } = session();
    const file = path.join(workspace, HANDOFF_FILE);
    const first = cliMarkers(file);
    assert.deepEqual(first.map((m) => m.code), ['CL016', 'CL016'], 'both workers with only a message listener are reported');
    await workbench.openFile(HANDOFF_FILE);
    await expectProblems(workbench, HANDOFF_FILE, first);

    await typeStepsMatchingCli(workbench, file, HANDOFF_FILE, first, [
      { after: HANDOFF_TRACKED, typed: 'running.push(tracked);', indent: 2, codes: ['CL016'] },
      { after: HANDOFF_HELPER, typed: "helper.on('error', (err) => console.error(err));", indent: 2, codes: [] },
    ]);
    await workbench.screenshot('worker-handoff');
  });
});
