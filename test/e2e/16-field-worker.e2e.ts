// Typing in one method of a TypeScript class: a worker made in a local of a function below is judged
// as before and its finding reused, moved with the lines typed above it; a worker kept in a field is
// judged again, since the typed line may listen to it (CL016). After each step the Problems panel
// must list what the CLI reports for the saved file.
import { typingScenario } from './harness/expect';
import { FIELD_FILE, FIELD_WATCH } from './harness/workspace';

describe('TypeScript worker in a field', () => {
  it('follows the CLI as a method above the workers gets a comment, then listens to the worker of the field', async () => {
    await typingScenario(FIELD_FILE, ['CL016', 'CL016'], [
      // A comment: both findings move down by one line.
      { after: FIELD_WATCH, typed: '// every second', indent: 4, codes: ['CL016', 'CL016'] },
      { after: FIELD_WATCH, typed: "this.worker?.on('error', (e) => console.error(e));", indent: 4, codes: ['CL016'] },
    ], 'field-worker');
  });
});
