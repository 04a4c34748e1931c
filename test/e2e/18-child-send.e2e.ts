// Typing in TypeScript above two send() calls that pass a Date to a child over JSON (CL002): the one to
// a child in a local keeps its finding from the previous analysis, moved with the line typed; the one
// to a child in a field is judged again, and its finding goes once the constructor also forks with
// serialization: 'advanced'. After each step the Problems panel must list what the CLI reports.
import { typingScenario } from './harness/expect';
import { SEND_FILE, SEND_FORK, SEND_NOTE } from './harness/workspace';

describe('TypeScript send() to a child', () => {
  it('follows the CLI as a line is typed above both sends, then the constructor forks with advanced serialization', async () => {
    await typingScenario(SEND_FILE, ['CL002', 'CL002'], [
      { after: SEND_NOTE, typed: '// noted', indent: 2, codes: ['CL002', 'CL002'] },
      { after: SEND_FORK, typed: "this.child = fork(file, [], { serialization: 'advanced' });", indent: 4, codes: ['CL002'] },
    ], 'child-send');
  });
});
