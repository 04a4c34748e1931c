// Typing an attribute's assignment in a constructor changes what the methods that read it find:
// the server re-analyzes the constructor, and the methods that use an attribute it now assigns (a
// generator acquiring `self.lock`, then a method clearing `self.ready`), while the others keep
// their findings. After each save the Problems panel must list what the CLI reports.
import { typingScenario } from './harness/expect';
import { FEED_FILE, FEED_ITEMS, FEED_LOCK } from './harness/workspace';

describe('attribute readers', () => {
  it('re-analyzes the methods that read an attribute the typed assignment gives a type', async () => {
    await typingScenario(FEED_FILE, [], [
      { after: FEED_ITEMS, typed: FEED_LOCK, indent: 8, codes: ['CL001'] },
      { after: `        ${FEED_LOCK}`, typed: 'self.ready = threading.Event()', indent: 8, codes: ['CL001', 'CL005'] },
    ], 'attribute-readers');
  });
});
