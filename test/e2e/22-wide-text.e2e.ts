// A file of about 30,000 UTF-16 units in Chinese, with accents and emoji: the parser reads it in
// chunks that end inside names, strings and surrogate pairs, and the edits are typed near its end,
// past five chunk ends. The lock acquired after two emoji is reported at its UTF-16 column; a
// thread made a daemon after it started is reported once typed (CL006); releasing the lock one
// statement later changes the CL001 to "not released on every path". After each save the Problems
// panel must list what the CLI reports.
import { typingScenario } from './harness/expect';
import { WIDE_FILE, WIDE_REVERSE, WIDE_SORT } from './harness/workspace';

describe('wide text', () => {
  it('follows the CLI through edits past five chunk ends of a file with multi-unit characters', async () => {
    await typingScenario(WIDE_FILE, ['CL001'], [
      { after: WIDE_SORT, typed: 'worker = threading.Thread(target=print); worker.start(); worker.daemon = True', indent: 4, codes: ['CL001', 'CL006'] },
      { after: WIDE_REVERSE, typed: 'lock.release()', indent: 4, codes: ['CL001', 'CL006'] },
    ], 'wide-text');
  });
});
