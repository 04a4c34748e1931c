// Typing a line that does not parse in a Python function, above a finding: the file is analyzed with
// its syntax error (the finding moves down with the line typed), and a finding typed below it is
// reported too. After each step the Problems panel must list what the CLI reports for the saved file.
import { typingScenario } from './harness/expect';
import { BROKEN_ACQUIRE, BROKEN_FILE, BROKEN_POP } from './harness/workspace';

describe('Python syntax error while typing', () => {
  it('follows the CLI with a line that does not parse above a finding, and a new finding below it', async () => {
    await typingScenario(BROKEN_FILE, ['CL001'], [
      // Does not parse: the acquire below moves down by one line and is still reported.
      { after: BROKEN_POP, typed: 'if items ::', indent: 8, codes: ['CL001'] },
      { after: BROKEN_ACQUIRE, typed: 'print(threading.currentThread())', indent: 4, codes: ['CL001', 'CL010'] },
    ], 'syntax-error-typing');
  });
});
