// Lines typed above functions move them: the server finds what it read of each moved function by
// where it was plus what the text gained, checking its text. A deprecated call typed at module
// level (CL010), an acquire typed into a function below it (CL001), then a deprecated call typed
// into the first function, which moves the other two again. Last, `acquire` is overwritten with
// `release`: the function keeps its place and its length, only its text tells it changed, and the
// CL001 goes. After each save the Problems panel must list what the CLI reports.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { expectProblems, expectSavedText, typingScenario } from './harness/expect';
import { cliMarkers, readText, SHIFTED_FILE, SHIFTED_LOCK, SHIFTED_SECOND, SHIFTED_SORT } from './harness/workspace';

describe('shifted functions', () => {
  it('follows the CLI while typed lines move the functions below them, and when a word is overwritten', async () => {
    await typingScenario(SHIFTED_FILE, [], [
      { after: SHIFTED_LOCK, typed: 'count = threading.activeCount()', indent: 0, codes: ['CL010'] },
      { after: SHIFTED_SECOND, typed: 'lock.acquire()', indent: 4, codes: ['CL010', 'CL001'] },
      { after: SHIFTED_SORT, typed: 'print(threading.currentThread())', indent: 4, codes: ['CL010', 'CL010', 'CL001'] },
    ], 'shifted-functions');

    const { workbench, workspace } = session();
    const file = path.join(workspace, SHIFTED_FILE);
    const text = readText(file);
    const acquire = '    lock.acquire()';
    const line = text.split('\n').indexOf(acquire) + 1;
    assert.ok(line > 0, 'the typed acquire is in the file');
    // Select `acquire` and type `release` over it.
    await workbench.goTo(line, '    lock.'.length + 1);
    for (let i = 0; i < 'acquire'.length; i++) await workbench.page.keyboard.press('Shift+ArrowRight');
    await workbench.page.keyboard.type('release');
    await workbench.page.keyboard.press('Escape');
    await workbench.save();
    await expectSavedText(workbench, file, text.replace(`${acquire}\n`, '    lock.release()\n'));
    const markers = cliMarkers(file);
    assert.deepEqual(markers.map((m) => m.code), ['CL010', 'CL010'], 'the CLI after overwriting acquire');
    await expectProblems(workbench, SHIFTED_FILE, markers);
  });
});
