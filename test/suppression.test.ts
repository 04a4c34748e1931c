// Suppression comments, as RULES.md gives them: `# noqa[: ids]` and `# concurrency-lint: disable[=ids]`
// at the end of the anchor line, `# concurrency-lint: disable-file[=ids]` anywhere; no id = every rule.
import assert from 'node:assert/strict';
import { suppressionFixFor } from '../server/src/engine';
import { applyEdits, found, initEngine, lint } from './helpers/python';

const SMELL = (tail: string, extra = '') => `import threading
${extra}lock = threading.Lock()


def work(items):
    lock.acquire()${tail}
    items.append(1)
    lock.release()
`;

describe('suppression comments', () => {
  before(initEngine);

  it('reports the finding without a comment', () => {
    assert.deepEqual(found(lint(SMELL(''))), ['6:CL001']);
  });

  for (const [label, tail] of [
    ['bare noqa', '  # noqa'],
    ['noqa with the id', '  # noqa: CL001'],
    ['noqa with several ids', '  # noqa: E501, CL001'],
    ['noqa with the rule name', '  # noqa: unreleased-lock'],
    ['disable with the id', '  # concurrency-lint: disable=CL001'],
    ['bare disable', '  # concurrency-lint: disable'],
    ['disable after another comment', '  # keep the lock  # concurrency-lint: disable=CL003,CL001'],
  ]) {
    it(`silences the line with ${label}`, () => {
      assert.deepEqual(found(lint(SMELL(tail))), []);
    });
  }

  it('keeps findings of other rules and other lines', () => {
    assert.deepEqual(found(lint(SMELL('  # noqa: E501'))), ['6:CL001']);
    assert.deepEqual(found(lint(SMELL('  # noqa: CL003'))), ['6:CL001']);
  });

  it('does not read a noqa inside a string', () => {
    assert.deepEqual(found(lint(SMELL('; note = "# noqa: CL001"'))), ['6:CL001']);
  });

  it('silences a rule for the whole file with disable-file, anywhere', () => {
    assert.deepEqual(found(lint(SMELL('', '# concurrency-lint: disable-file=CL001\n'))), []);
    assert.deepEqual(found(lint(SMELL('', '# concurrency-lint: disable-file\n'))), []);
    assert.deepEqual(found(lint(SMELL('', '# concurrency-lint: disable-file=CL003\n'))), ['7:CL001']);
  });

  it('offers "Suppress CL001 on this line", which adds a noqa comment or extends an existing one', () => {
    const text = SMELL('');
    const [finding] = lint(text);
    const fix = suppressionFixFor(finding, text);
    assert.equal(fix.title, 'Suppress CL001 on this line');
    const fixed = applyEdits(text, fix.edits);
    assert.match(fixed.split('\n')[5], /^ {4}lock\.acquire\(\) {2}# noqa: CL001$/);
    assert.deepEqual(found(lint(fixed)), []);

    const other = SMELL('  # noqa: E501');
    const [f2] = lint(other);
    assert.match(applyEdits(other, suppressionFixFor(f2, other).edits).split('\n')[5], /# noqa: E501, CL001$/);
  });
});
