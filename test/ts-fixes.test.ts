// Quick-fix golden tests for TS/JS: test/fixes/ts/<rule>/<case>.before.ts is analyzed, the chosen fix
// (first line `// fix: <title start>`, else the rule's first fix) is applied as an editor applies a
// WorkspaceEdit, and the text must equal <case>.after.ts, have no syntax errors, and carry fewer
// findings of that rule. test/fixes/ts/suppress/ checks "Suppress CLxxx on this line".
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../server/src/engine';
import { TsAnalyzer } from '../server/src/engine/ts';
import type { Finding, Fix } from '../server/src/engine';
import { applyEdits, lintFile, sharedAnalyzer } from './helpers/ts';

const root = path.join(__dirname, 'fixes', 'ts');

describe('TypeScript/JavaScript quick fixes (golden before/after)', () => {
  const analyzer = sharedAnalyzer();

  for (const group of readdirSync(root).filter((d) => !d.endsWith('.json')).sort()) {
    describe(group, () => {
      for (const file of readdirSync(path.join(root, group)).filter((f) => f.endsWith('.before.ts')).sort()) {
        const name = file.replace(/\.before\.ts$/, '');
        it(name, () => {
          const beforePath = path.join(root, group, file);
          const before = readFileSync(beforePath, 'utf8');
          const expected = readFileSync(path.join(root, group, `${name}.after.ts`), 'utf8');
          const wanted = /^\/\/ fix: (.+)$/.exec(before.split('\n')[0])?.[1];
          const findings = lintFile(analyzer, beforePath);
          const [fix, ruleId] = pickFix(analyzer, findings, group, wanted, beforePath);
          const after = applyEdits(before, fix.edits);
          assert.equal(after, expected);
          // The fixed text, as an unsaved editor buffer over the same project.
          analyzer.setOpenDocument(beforePath, after, 2);
          try {
            const result = analyzer.analyze(beforePath, DEFAULT_SETTINGS);
            assert.equal(result.syntaxErrors, 0, 'the fixed text has syntax errors');
            const remaining = result.findings.filter((f) => f.ruleId === ruleId).length;
            assert.ok(remaining < findings.filter((f) => f.ruleId === ruleId).length, `${ruleId} still fires as often after the fix`);
          } finally {
            analyzer.closeDocument(beforePath);
          }
        });
      }
    });
  }
});

function pickFix(analyzer: TsAnalyzer, findings: Finding[], group: string, wanted: string | undefined, file: string): [Fix, string] {
  if (group === 'suppress') {
    const id = /Suppress (CL\d{3})/.exec(wanted ?? '')?.[1];
    const finding = findings.find((f) => f.ruleId === id);
    assert.ok(finding, `${id} does not fire`);
    return [analyzer.suppressionFixFor(finding, file), finding.ruleId];
  }
  const own = findings.filter((f) => f.ruleId === group);
  assert.ok(own.length > 0, `${group} does not fire`);
  const fix = own.flatMap((f) => f.fixes).find((f) => (wanted ? f.title.startsWith(wanted) : true));
  assert.ok(fix, `no fix${wanted ? ` titled '${wanted}…'` : ''} for ${group}`);
  return [fix, group];
}
