// The CL001 quick fix through Ctrl+. rewrites acquire()/release() as the engine's fix says, and the
// diagnostic goes away.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { applyFix, findingAt } from './harness/engine';
import { expectProblems, expectSavedText } from './harness/expect';
import { cliMarkers, readText } from './harness/workspace';

const FILE = 'quick_fix_bank.py';

describe('quick fix', () => {
  it('applies the CL001 fix with Ctrl+. and the saved file has the fixed text', async () => {
    const { workbench, workspace } = session();
    const file = path.join(workspace, FILE);
    const before = cliMarkers(file);
    const target = before.find((m) => m.code === 'CL001');
    assert.ok(target, `${FILE} should have a CL001 finding`);
    const { text, finding } = await findingAt(file, 'CL001', target.line);
    const fix = finding.fixes[0];
    assert.ok(fix, 'CL001 should offer a fix');
    const expectedText = applyFix(text, fix);

    await workbench.openFile(FILE);
    await expectProblems(workbench, FILE, before);
    await workbench.goTo(target.line, target.column + 2);
    await workbench.applyQuickFix(fix.title);
    await workbench.save();
    await expectSavedText(workbench, file, expectedText);
    assert.match(readText(file), /with self\._lock:/);

    const after = cliMarkers(file);
    assert.ok(!after.some((m) => m.code === 'CL001' && m.message === target.message), 'the fixed text should not have this finding');
    await expectProblems(workbench, FILE, after);
    await workbench.screenshot('quick-fix-applied');
  });
});
