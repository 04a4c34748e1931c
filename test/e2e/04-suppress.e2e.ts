// "Suppress CLxxx on this line" inserts the suppression comment and the diagnostic disappears.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { findingAt, suppressed } from './harness/engine';
import { expectProblems, expectSavedText } from './harness/expect';
import { cliMarkers, readText } from './harness/workspace';

const FILE = 'suppress_logs.py';
const RULE = 'CL004';

describe('suppression', () => {
  it(`inserts the suppression comment for ${RULE} and the diagnostic disappears`, async () => {
    const { workbench, workspace } = session();
    const file = path.join(workspace, FILE);
    const before = cliMarkers(file);
    const target = before.find((m) => m.code === RULE);
    assert.ok(target, `${FILE} should have a ${RULE} finding`);
    const { text, finding } = await findingAt(file, RULE, target.line);
    const expectedText = suppressed(text, finding);

    await workbench.openFile(FILE);
    await expectProblems(workbench, FILE, before);
    await workbench.goTo(target.line, target.column + 1);
    await workbench.applyQuickFix(`Suppress ${RULE} on this line`);
    await workbench.save();
    await expectSavedText(workbench, file, expectedText);
    const saved = readText(file);
    assert.ok(saved.split(RULE).length > text.split(RULE).length, `the inserted comment names ${RULE}`);

    const after = cliMarkers(file);
    assert.equal(after.length, before.length - 1);
    assert.ok(!after.some((m) => m.code === RULE && m.line === target.line));
    await expectProblems(workbench, FILE, after);
    await workbench.screenshot('suppressed');
  });
});
