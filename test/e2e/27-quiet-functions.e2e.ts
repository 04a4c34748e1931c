// The CLI leaves out the bodies of functions no rule can report (quiet.ts); the editor analyzes
// whole files. Calls typed into quiet functions make them loud: a Thread subclass whose base is
// Thread imported under another name, given a called target (CL007), then a lock acquired and not
// released (CL001), then a pool joined without close (CL008) into a function that only joined a
// string. After each save the Problems panel must list what the CLI reports.
import { typingScenario } from './harness/expect';
import { QUIET_FILE, QUIET_LABEL, QUIET_REPORT, QUIET_TIDY } from './harness/workspace';

describe('quiet functions', () => {
  it('follows the CLI, which leaves quiet functions out, as calls typed into them make findings', async () => {
    await typingScenario(QUIET_FILE, ['CL007'], [
      { after: QUIET_TIDY, typed: 'Job(None, collect(items)).start()', indent: 4, codes: ['CL007', 'CL007'] },
      { after: QUIET_REPORT, typed: 'lock.acquire()', indent: 4, codes: ['CL007', 'CL001', 'CL007'] },
      { after: QUIET_LABEL, typed: 'pool = multiprocessing.Pool(); pool.join()', indent: 4, codes: ['CL007', 'CL001', 'CL008', 'CL007'] },
    ], 'quiet-functions');
  });
});
