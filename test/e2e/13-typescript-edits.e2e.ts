// Typing in one function of a TypeScript module: the server reuses the payload findings of the code
// the edit cannot affect (src/engine/ts/memory.ts), moved with the lines typed above them. After each
// step the Problems panel must list what the CLI reports for the saved file, at the lines it gives.
import { typingScenario } from './harness/expect';
import { TS_SERVICE_BOTTOM, TS_SERVICE_FILE, TS_SERVICE_INFERRED, TS_SERVICE_TOP } from './harness/workspace';

describe('TypeScript edits', () => {
  it('lists the CLI findings after typing in two functions above the payloads, twice each, and a new payload below', async () => {
    await typingScenario(TS_SERVICE_FILE, ['CL002'], [
      // Comments: no suggestion widget to accept, and every line below moves down by one.
      { after: TS_SERVICE_TOP, typed: '// ids come trimmed from the queue', indent: 2, codes: ['CL002'] },
      { after: TS_SERVICE_TOP, typed: '// and are never empty', indent: 2, codes: ['CL002'] },
      // A function whose return type is inferred: from the second edit on, its signature is compared.
      { after: TS_SERVICE_INFERRED, typed: '// eight characters tell jobs apart', indent: 2, codes: ['CL002'] },
      { after: TS_SERVICE_INFERRED, typed: '// in the logs', indent: 2, codes: ['CL002'] },
      { after: TS_SERVICE_BOTTOM, typed: 'worker.postMessage(job);', indent: 2, codes: ['CL002', 'CL002'] },
    ], 'typescript-edits');
  });
});
