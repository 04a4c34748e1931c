// A worker handle in TypeScript is judged by its listeners first and, only when none listens for
// 'error', by whether it is handed on to other code (CL016). Typing hands one worker on, then gives
// the other an 'error' listener; after each step the Problems panel must list what the CLI reports
// for the saved file.
import { typingScenario } from './harness/expect';
import { HANDOFF_FILE, HANDOFF_HELPER, HANDOFF_TRACKED } from './harness/workspace';

describe('TypeScript workers handed on', () => {
  it('follows the CLI as one worker is handed on and the other gets an error listener', async () => {
    await typingScenario(HANDOFF_FILE, ['CL016', 'CL016'], [
      { after: HANDOFF_TRACKED, typed: 'running.push(tracked);', indent: 2, codes: ['CL016'] },
      { after: HANDOFF_HELPER, typed: "helper.on('error', (err) => console.error(err));", indent: 2, codes: [] },
    ], 'worker-handoff');
  });
});
