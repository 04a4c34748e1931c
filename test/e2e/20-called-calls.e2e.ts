// Calls whose name the analyzer reads from the text, a call of a call's result (read from the tree),
// and then a line that does not parse around a call that holds no error (still read from the text):
// after each step the Problems panel must list what the CLI reports for the saved file.
import { typingScenario } from './harness/expect';
import { CALLED_ACQUIRE, CALLED_COPY, CALLED_FILE, CALLED_NAME } from './harness/workspace';

describe('calls of calls', () => {
  it('follows the CLI through a method called on a call, a plain method call, and a line that does not parse', async () => {
    await typingScenario(CALLED_FILE, [], [
      { after: CALLED_NAME, typed: 'print(threading.current_thread().getName())', indent: 4, codes: ['CL010'] },
      { after: CALLED_COPY, typed: CALLED_ACQUIRE, indent: 4, codes: ['CL010', 'CL001'] },
      { after: `    ${CALLED_ACQUIRE}`, typed: 'if threading.activeCount() ::', indent: 4, codes: ['CL010', 'CL001', 'CL010'] },
    ], 'called-calls');
  });
});
