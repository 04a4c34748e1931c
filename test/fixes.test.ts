// Quick-fix golden tests: test/fixes/python/<rule>/<case>.before.py is analyzed, the rule's first
// finding's fix is applied as an editor applies a WorkspaceEdit, and the text must equal
// <case>.after.py, parse cleanly, and no longer carry that finding. A first line
// `# fix: <title start>` picks a fix by its title instead of the first one.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, DEFAULT_SETTINGS } from '../server/src/engine';
import { applyEdits, initEngine, lint } from './helpers/python';

const root = path.join(__dirname, 'fixes', 'python');

describe('Python quick fixes (golden before/after)', () => {
  before(initEngine);

  for (const rule of existsSync(root) ? readdirSync(root).sort() : []) {
    describe(rule, () => {
      for (const file of readdirSync(path.join(root, rule)).filter((f) => f.endsWith('.before.py')).sort()) {
        const name = file.replace(/\.before\.py$/, '');
        it(name, () => {
          const before = readFileSync(path.join(root, rule, file), 'utf8');
          const expected = readFileSync(path.join(root, rule, `${name}.after.py`), 'utf8');
          const wanted = /^# fix: (.+)$/m.exec(before.split('\n')[0])?.[1];
          const findings = lint(before).filter((f) => f.ruleId === rule);
          assert.ok(findings.length > 0, `${rule} does not fire on ${file}`);
          const fix = findings
            .flatMap((f) => f.fixes)
            .find((f) => (wanted ? f.title.startsWith(wanted) : true));
          assert.ok(fix, `no fix${wanted ? ` titled '${wanted}…'` : ''} for ${rule} in ${file}`);
          const after = applyEdits(before, fix.edits);
          assert.equal(after, expected);
          const result = analyze(after, DEFAULT_SETTINGS);
          assert.equal(result.syntaxErrors, 0, 'the fixed text has syntax errors');
          assert.ok(
            result.findings.filter((f) => f.ruleId === rule).length < findings.length,
            `${rule} still fires as often after the fix`,
          );
        });
      }
    });
  }
});
