// An attribute's type comes from the class that assigns it, also when a subclass reads it. Typing in
// the subclass re-analyzes only what the edit reaches, and that must include the base class's
// __init__: the queue race (CL004) in the subclass stays, as the CLI reports it. The typed line has
// a finding of its own (CL010), so the Problems panel shows when the server has analyzed the edit.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { expectProblems, typeNewLineAfter } from './harness/expect';
import { ATTRIBUTE_FILE, ATTRIBUTE_READ, cliMarkers, readText } from './harness/workspace';

const TYPED = 'print(threading.currentThread())';

describe('attribute types', () => {
  it('keeps the CL004 on a queue a base class made while typing in the subclass that drains it', async () => {
    const { workbench, workspace } = session();
    const file = path.join(workspace, ATTRIBUTE_FILE);
    const text = readText(file);
    const lines = text.split('\n');
    const before = cliMarkers(file);
    const checkLine = lines.findIndex((l) => l.includes('self.jobs.empty()')) + 1;
    assert.deepEqual(before.map((m) => [m.code, m.line]), [['CL004', checkLine]], 'the CLI reports the race in the subclass');

    await workbench.openFile(ATTRIBUTE_FILE);
    await expectProblems(workbench, ATTRIBUTE_FILE, before);
    const readLine = lines.indexOf(ATTRIBUTE_READ) + 1;
    await typeNewLineAfter(workbench, file, text, ATTRIBUTE_READ, TYPED, 12);
    const after = cliMarkers(file);
    assert.deepEqual(after.map((m) => [m.code, m.line]), [['CL004', checkLine], ['CL010', readLine + 1]], 'the CLI: the race, and the deprecated call typed');
    // Before the fix, this edit was analyzed without Box.__init__: CL010 came, and CL004 went away.
    await expectProblems(workbench, ATTRIBUTE_FILE, after);
    const squiggles = await workbench.squiggleLines();
    assert.ok(squiggles.some((s) => s.line === checkLine && s.severity === 'warning'), `a squiggle on line ${checkLine}`);
    await workbench.screenshot('attribute-types');
  });
});
