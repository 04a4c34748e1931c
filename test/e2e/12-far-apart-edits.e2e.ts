// Edits in functions far apart: each re-analysis keeps a different part of the file, and lines typed
// near the top move every function below them. After each step the Problems panel must list what
// the CLI reports for the saved file, at the lines the CLI gives.
import { typingScenario } from './harness/expect';
import { FAR_BOTTOM, FAR_FILE, FAR_TOP } from './harness/workspace';

describe('far-apart edits', () => {
  it('lists the CLI findings after typing near the top, near the bottom, and near the top again', async () => {
    await typingScenario(FAR_FILE, [], [
      { after: FAR_TOP, typed: 'print(threading.currentThread())', indent: 8, codes: ['CL010'] },
      { after: FAR_BOTTOM, typed: 'print(threading.activeCount())', indent: 12, codes: ['CL010', 'CL010'] },
      // No finding of its own: every line below moves down by one.
      { after: FAR_TOP, typed: 'items.reverse()', indent: 8, codes: ['CL010', 'CL010'] },
    ], 'far-apart-edits');
  });
});
