// Every fixture under test/fixtures/ts/<rule>/ is a file of a small project (its own tsconfig.json,
// types from the repository's node_modules) with `// expect: CLxxx` on each anchor line and
// `// ok: CLxxx` on look-alikes. A fixture fails on any missing or extra diagnostic, of any rule.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TS_RULES } from '../server/src/engine/ts';
import { expectations, found, lintFile, negatives, sharedAnalyzer } from './helpers/ts';

const root = path.join(__dirname, 'fixtures', 'ts');
const SOURCE = /\.(?:ts|mts|cts|js|mjs|cjs|tsx|jsx)$/;

describe('TypeScript/JavaScript rules on fixtures', () => {
  const analyzer = sharedAnalyzer();

  for (const rule of TS_RULES) {
    describe(`${rule.meta.id} ${rule.meta.name}`, () => {
      const dir = path.join(root, rule.meta.id);
      const files = readdirSync(dir).filter((f) => SOURCE.test(f)).sort();
      let positives = 0;
      let negativeCases = 0;
      const kinds = new Set<string>();
      for (const file of files) {
        const text = readFileSync(path.join(dir, file), 'utf8');
        positives += expectations(text).filter((e) => e.endsWith(`:${rule.meta.id}`)).length;
        negativeCases += negatives(text, rule.meta.id);
        kinds.add(/\.[mc]?ts$/.test(file) ? 'ts' : 'js');
        if (/\.(?:mjs|mts)$/.test(file) || /^\s*import\s/m.test(text)) kinds.add('esm');
        if (/\.(?:cjs|cts)$/.test(file) || /\brequire\(/.test(text)) kinds.add('cjs');
        it(file, () => {
          assert.deepEqual(found(lintFile(analyzer, path.join(dir, file))), expectations(text));
        });
      }
      it('has at least 8 positive and 8 negative cases, in TS and JS, ESM and CommonJS', () => {
        assert.ok(positives >= 8, `${positives} positive cases`);
        assert.ok(negativeCases >= 8, `${negativeCases} negative cases`);
        assert.deepEqual([...kinds].sort(), ['cjs', 'esm', 'js', 'ts']);
      });
    });
  }
});
