// A TypeScript file created in a project the server has already loaded (its tsconfig.json read, its
// program built) is analyzed like the files that were there: the Problems panel lists what the CLI
// reports for it.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { session } from './hooks';
import { expectProblems } from './harness/expect';
import { cliMarkers, GROWN_ADDED, GROWN_DIR, GROWN_FIRST, GROWN_SOURCE } from './harness/workspace';

describe('new TypeScript file', () => {
  it('lists the findings of a file created in a loaded project, as the CLI reports them', async () => {
    const { workbench, workspace } = session();
    const first = path.join(workspace, GROWN_DIR, GROWN_FIRST);
    const firstMarkers = cliMarkers(first);
    assert.ok(firstMarkers.length > 0, 'the first file has findings');
    await workbench.openFile(GROWN_FIRST);
    await expectProblems(workbench, GROWN_FIRST, firstMarkers);

    // Made on disk while the editor is open, as a generator or a `git checkout` would.
    const added = path.join(workspace, GROWN_DIR, GROWN_ADDED);
    writeFileSync(added, GROWN_SOURCE.replace('startResizer', 'startThumbnailer'));
    const addedMarkers = cliMarkers(added);
    assert.deepEqual(addedMarkers.map((m) => m.code), firstMarkers.map((m) => m.code), 'the CLI reports the new file like the first');
    // By its absolute path: Quick Open finds that at once, while its search of the workspace may not
    // know of a file made a moment ago.
    await workbench.openFile(GROWN_ADDED, added);
    await expectProblems(workbench, GROWN_ADDED, addedMarkers);
    await workbench.screenshot('new-typescript-file');
  });
});
