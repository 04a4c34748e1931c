// Assignments that make a name a thread: a chained one (read from the text), an annotated one (read
// from the tree), then a line that does not parse next to the chained one. The thread started before
// it is made a daemon is reported (CL006) as soon as the assignment is typed; after each save the
// Problems panel must list what the CLI reports for the saved file.
import { typingScenario } from './harness/expect';
import { ASSIGNED_CHAIN, ASSIGNED_FILE, ASSIGNED_REVERSE, ASSIGNED_SORT } from './harness/workspace';

describe('assigned threads', () => {
  it('follows the CLI through a chained assignment, an annotated one, and a line that does not parse', async () => {
    await typingScenario(ASSIGNED_FILE, [], [
      { after: ASSIGNED_SORT, typed: ASSIGNED_CHAIN, indent: 4, codes: ['CL006'] },
      { after: ASSIGNED_REVERSE, typed: 'other: threading.Thread = threading.Thread(target=print)', indent: 4, codes: ['CL006', 'CL006'] },
      { after: `    ${ASSIGNED_CHAIN}`, typed: 'if threading.activeCount() ::', indent: 4, codes: ['CL010', 'CL006', 'CL006'] },
    ], 'assigned-threads');
  });
});
