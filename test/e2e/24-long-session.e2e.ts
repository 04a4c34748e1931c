// A long typing session in a 5,000-line module: 300 keystrokes of a comment in one function, each a
// text the server has not seen, then a line that acquires a lock. The server keeps what it read of
// the file's statements across edits only while they are in use (and a few hundred more), so by
// the end it has let go of most of what the comment's keystrokes made; the finding the last line
// makes must still come, and the Problems panel must list what the CLI reports for the saved file.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { expectProblems, expectSavedText } from './harness/expect';
import { cliMarkers, LONG_FILE, MIDDLE_FUNCTION, readText } from './harness/workspace';

const COMMENT = `# ${'waits for the queue, '.repeat(15)}`.trimEnd();
const ACQUIRE = 'midd_lock.acquire()';

describe('long session', () => {
  it('reports a finding typed after 300 keystrokes of a comment, as the CLI does', async () => {
    const { workbench, workspace } = session();
    const file = path.join(workspace, LONG_FILE);
    const text = readText(file);
    assert.ok(COMMENT.length >= 300, 'the comment is 300 keystrokes');
    const before = cliMarkers(file);
    await workbench.openFile(LONG_FILE);
    await expectProblems(workbench, LONG_FILE, before);

    const header = text.split('\n').indexOf(MIDDLE_FUNCTION) + 1;
    await workbench.goTo(header, MIDDLE_FUNCTION.length + 1);
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.type(COMMENT);
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.type(ACQUIRE);
    await workbench.page.keyboard.press('Escape');
    await workbench.save();
    await expectSavedText(workbench, file, text.replace(`${MIDDLE_FUNCTION}\n`, `${MIDDLE_FUNCTION}\n    ${COMMENT}\n    ${ACQUIRE}\n`));

    const after = cliMarkers(file);
    assert.ok(after.some((m) => m.code === 'CL001' && m.line === header + 2), `the CLI reports CL001 on line ${header + 2}`);
    assert.equal(after.length, before.length + 1);
    await expectProblems(workbench, LONG_FILE, after);
    await workbench.screenshot('long-session');
  });
});
