// A file with CRLF line endings, edited: typing an acquire after the header and a release after the
// next line makes a CL001 (not released on every path), which the server finds by re-analyzing the
// function alone. Its quick fix, built from the file's lines, must write CRLF like the rest of the
// file: the saved text is the engine's fix applied to the saved text, and the finding is gone.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { applyFix, findingAt } from './harness/engine';
import { expectProblems, expectSavedText } from './harness/expect';
import { cliMarkers, CRLF_BALANCE, CRLF_FILE, CRLF_HEADER, readText } from './harness/workspace';

/** Types `typed` on a new line after the line `after` (1-based `line`), as the editor indents it. */
async function typeLineAfter(line: number, after: string, typed: string): Promise<void> {
  const { workbench } = session();
  await workbench.goTo(line, after.length + 1);
  await workbench.page.keyboard.press('Enter');
  await workbench.page.keyboard.type(typed);
  await workbench.page.keyboard.press('Escape');
}

describe('CRLF fix', () => {
  it('finds what is typed into a CRLF file and fixes it with CRLF line endings', async () => {
    const { workbench, workspace } = session();
    const file = path.join(workspace, CRLF_FILE);
    const original = readText(file);
    assert.equal(cliMarkers(file).length, 0, `${CRLF_FILE} has no finding before the edits`);
    await workbench.openFile(CRLF_FILE);
    await expectProblems(workbench, CRLF_FILE, []);

    const lines = original.split('\r\n');
    const header = lines.indexOf(CRLF_HEADER) + 1;
    await typeLineAfter(header, CRLF_HEADER, 'lock.acquire()');
    await typeLineAfter(header + 2, CRLF_BALANCE, 'lock.release()');
    await workbench.save();
    const typed = original.replace(`${CRLF_HEADER}\r\n${CRLF_BALANCE}\r\n`, `${CRLF_HEADER}\r\n    lock.acquire()\r\n${CRLF_BALANCE}\r\n    lock.release()\r\n`);
    await expectSavedText(workbench, file, typed);
    const markers = cliMarkers(file);
    assert.deepEqual(markers.map((m) => [m.code, m.line]), [['CL001', header + 1]], 'the CLI reports the typed acquire');
    await expectProblems(workbench, CRLF_FILE, markers);

    const { text, finding } = await findingAt(file, 'CL001', header + 1);
    const fix = finding.fixes[0];
    assert.ok(fix, 'CL001 offers a fix');
    const fixed = applyFix(text, fix);
    assert.ok(!/[^\r]\n/.test(fixed), "the engine's fix writes CRLF");
    await workbench.goTo(header + 1, 6);
    await workbench.applyQuickFix(fix.title);
    await workbench.save();
    await expectSavedText(workbench, file, fixed);
    assert.match(readText(file), /with lock:\r\n/);
    await expectProblems(workbench, CRLF_FILE, cliMarkers(file));
    await workbench.screenshot('crlf-fix');
  });
});
