// The same flow on a TypeScript file: a function posted to a worker thread is flagged (CL002) as the
// command line flags it, and "Suppress CL002 on this line" silences it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { expectProblems } from './harness/expect';
import { cliMarkers, readText, TYPESCRIPT_FILE } from './harness/workspace';

const RULE = 'CL002';

describe('TypeScript', () => {
  it(`flags a non-cloneable postMessage payload (${RULE}) like the CLI, and suppresses it on its line`, async () => {
    const { workbench, workspace } = session();
    const file = path.join(workspace, TYPESCRIPT_FILE);
    const before = readText(file);
    const expected = cliMarkers(file);
    const target = expected.find((m) => m.code === RULE);
    assert.ok(target, `the CLI should report ${RULE} in ${TYPESCRIPT_FILE}`);

    await workbench.openFile(TYPESCRIPT_FILE);
    await expectProblems(workbench, TYPESCRIPT_FILE, expected);
    // The built-in TypeScript extension squiggles too (it knows no Node types here): look at our line only.
    await workbench.until(`an error squiggle on line ${target.line}`, async () =>
      (await workbench.squiggleLines()).some((s) => s.line === target.line && s.severity === 'error') ? true : undefined,
    );
    await workbench.screenshot('typescript-postmessage');

    await workbench.goTo(target.line, target.column + 1);
    await workbench.applyQuickFix(`Suppress ${RULE} on this line`);
    await workbench.save();
    const saved = await workbench.until('the suppression to be saved', async () => {
      const text = readText(file);
      return text !== before ? text : undefined;
    });
    const beforeLines = before.split('\n');
    const changed = saved.split('\n').filter((line, i) => line !== beforeLines[i]);
    assert.ok(saved.split(RULE).length > before.split(RULE).length, `the inserted comment names ${RULE}; the changed lines:\n${changed.join('\n')}`);
    const after = cliMarkers(file);
    assert.ok(!after.some((m) => m.code === RULE), `the CLI no longer reports ${RULE} after the suppression`);
    await expectProblems(workbench, TYPESCRIPT_FILE, after);
    await workbench.screenshot('typescript-suppressed');
  });
});
