// Every fixture under test/fixtures/python/<rule>/ is a small program with `# expect: CLxxx` on each
// anchor line and `# ok: CLxxx` on look-alike lines that must stay clean. A fixture fails on any
// missing or extra diagnostic, of any rule.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../server/src/engine';
import { expectations, found, initEngine, lint, negatives } from './helpers/python';

const root = path.join(__dirname, 'fixtures', 'python');

describe('Python rules on fixtures', () => {
  before(initEngine);

  for (const rule of RULES) {
    describe(`${rule.id} ${rule.name}`, () => {
      const dir = path.join(root, rule.id);
      const files = readdirSync(dir).filter((f) => f.endsWith('.py')).sort();
      let positives = 0;
      let negativeCases = 0;
      for (const file of files) {
        const text = readFileSync(path.join(dir, file), 'utf8');
        positives += expectations(text).filter((e) => e.endsWith(`:${rule.id}`)).length;
        negativeCases += negatives(text, rule.id);
        it(file, () => {
          assert.deepEqual(found(lint(text)), expectations(text));
        });
        it(`${file}, as the CLI analyzes it (findings only)`, () => {
          assert.deepEqual(found(lint(text, {}, { findingsOnly: true })), expectations(text));
        });
      }
      it('has at least 6 positive and 6 negative cases', () => {
        assert.ok(positives >= 6, `${positives} positive cases`);
        assert.ok(negativeCases >= 6, `${negativeCases} negative cases`);
      });
    });
  }
});
