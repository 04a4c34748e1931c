// Typing the producer/consumer snippet's prefix and accepting it inserts the snippet's default
// expansion, which the analyzer finds nothing wrong with.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../../scripts/e2e-setup.mjs';
import { expandSnippet } from '../snippets/expand';
import { session } from './hooks';
import { expectProblems, expectSavedText } from './harness/expect';
import { cliMarkers, SNIPPET_FILE } from './harness/workspace';

const SNIPPET = 'Producer/consumer with queue.Queue';
/** A line the analyzer does flag (CL007: the target is called, not passed), to prove it ran on the snippet. */
const PROBE_LINE = 'threading.Thread(target=consume()).start()';

function defaultExpansion(): { prefix: string; text: string } {
  const snippets = JSON.parse(readFileSync(path.join(REPO, 'snippets/python.json'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
  const snippet = snippets[SNIPPET];
  assert.ok(snippet, `snippets/python.json has no "${SNIPPET}"`);
  const expansion = expandSnippet(snippet.body.join('\n'))[0];
  // The editor indents with the file's indentation: four spaces per tab stop level in Python.
  return { prefix: snippet.prefix, text: expansion.text.replace(/^\t+/gm, (tabs) => '    '.repeat(tabs.length)) };
}

describe('snippets', () => {
  it('inserts the producer/consumer snippet from its prefix, and it has no finding', async () => {
    const { workbench, workspace } = session();
    const file = path.join(workspace, SNIPPET_FILE);
    const { prefix, text } = defaultExpansion();
    const { page } = workbench;

    await workbench.openFile(SNIPPET_FILE);
    await page.keyboard.type(prefix);
    const suggestion = page.locator('.suggest-widget.visible .monaco-list-row.focused', { hasText: prefix });
    await suggestion.waitFor().catch(async () => {
      await page.keyboard.press('Control+Space');
      await suggestion.waitFor();
    });
    await workbench.screenshot('snippet-suggestion');
    await page.keyboard.press('Enter');
    await page.locator('.suggest-widget.visible').waitFor({ state: 'hidden' });
    await page.keyboard.press('Escape');
    await workbench.save();
    await expectSavedText(workbench, file, text);

    // A flagged line appended to the snippet is the only finding: the analysis ran on the snippet's text.
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText(PROBE_LINE);
    await workbench.save();
    await expectSavedText(workbench, file, text + PROBE_LINE);
    const probed = cliMarkers(file);
    assert.deepEqual(probed.map((m) => `${m.code}@${m.line}`), [`CL007@${text.split('\n').length}`]);
    await expectProblems(workbench, SNIPPET_FILE, probed);

    // Delete the probe line again (undo would go back in several steps: the editor closes brackets as they are typed).
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
    await workbench.save();
    await expectSavedText(workbench, file, text);
    assert.deepEqual(cliMarkers(file), []);
    await expectProblems(workbench, SNIPPET_FILE, []);
    await workbench.screenshot('snippet-inserted');
  });
});
