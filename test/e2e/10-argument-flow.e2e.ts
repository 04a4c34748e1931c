// A thread's target learns its parameters' types from the arguments the thread is started with. Turning
// the first argument into a queue makes the empty() check in the target a race (CL004) as soon as it is
// typed; an edit inside the target, analyzed on its own, keeps the finding.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { expectProblems, expectSavedText } from './harness/expect';
import { cliMarkers, FLOW_FILE, FLOW_SPAWN, readText } from './harness/workspace';

describe('argument flow', () => {
  it('reports the empty() check in a thread target once the thread is started with a queue, and keeps it through an edit in the target', async () => {
    const { workbench, workspace } = session();
    const { page } = workbench;
    const file = path.join(workspace, FLOW_FILE);
    const lines = readText(file).split('\n');
    assert.deepEqual(cliMarkers(file), [], 'nothing to report while the first argument is a list');
    const spawnLine = lines.indexOf(FLOW_SPAWN) + 1;
    const checkLine = lines.findIndex((l) => l.includes('jobs.empty()')) + 1;
    const bodyLine = lines.findIndex((l) => l.includes('done.append(')) + 1;
    assert.ok(spawnLine > 0 && checkLine > 0 && bodyLine === checkLine + 1);

    await workbench.openFile(FLOW_FILE);
    await expectProblems(workbench, FLOW_FILE, []);
    // Replace `[]`, the first argument, with a queue.
    await workbench.goTo(spawnLine, FLOW_SPAWN.indexOf('[]') + 1);
    await page.keyboard.press('Delete');
    await page.keyboard.press('Delete');
    await page.keyboard.type('queue.Queue()');
    await workbench.until(`a warning squiggle on line ${checkLine}`, async () =>
      (await workbench.squiggleLines()).some((s) => s.line === checkLine && s.severity === 'warning') ? true : undefined,
    );

    // A new statement in the target: only the target (and what hands work to it) is analyzed again.
    await workbench.goTo(bodyLine, lines[bodyLine - 1].length + 1);
    await page.keyboard.press('Enter');
    await page.keyboard.type('print(len(done))');
    await workbench.save();
    // The file on disk: started with a queue, and the new statement in the target's loop.
    const expected = [...lines];
    expected[spawnLine - 1] = FLOW_SPAWN.replace('[]', 'queue.Queue()');
    expected.splice(bodyLine, 0, `${' '.repeat(8)}print(len(done))`);
    await expectSavedText(workbench, file, expected.join('\n'));
    const after = cliMarkers(file);
    assert.deepEqual(after.map((m) => [m.code, m.line]), [['CL004', checkLine]], 'the CLI reports the race on the saved file');
    await expectProblems(workbench, FLOW_FILE, after);
    await workbench.screenshot('argument-flow');
  });
});
