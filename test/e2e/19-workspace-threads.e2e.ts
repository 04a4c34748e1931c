// The command line over the whole workspace on two threads (the main thread and a worker taking files
// from one shared queue, with the parser compiled once for both) reports, file by file, what the
// editor's server shows in the Problems panel.
import assert from 'node:assert/strict';
import path from 'node:path';
import { session } from './hooks';
import { expectProblems } from './harness/expect';
import { cliMarkersByFile } from './harness/workspace';

/**
 * Examples no other scenario edits, without a CL003 finding: the settings scenario turns CL003 off in
 * the workspace settings, which the editor follows and the CLI does not read.
 */
const FILES = ['async_crawler.py', 'background_worker.py', 'batch_mailer.py', 'legacy_writer.py', 'log_processor.py', 'report_builder.py'];

describe('workspace on threads', () => {
  it('lists, for each of six files, the findings one two-thread CLI run over the workspace reports', async () => {
    const { workbench, workspace } = session();
    const byFile = cliMarkersByFile(workspace, 2);
    assert.ok(byFile.size >= FILES.length, `the workspace run reports findings in ${byFile.size} files`);
    for (const name of FILES) {
      const expected = byFile.get(path.join(workspace, name)) ?? [];
      assert.ok(expected.length > 0, `${name} has findings in the workspace run`);
      await workbench.openFile(name);
      await expectProblems(workbench, name, expected);
    }
    await workbench.screenshot('workspace-threads');
  });
});
