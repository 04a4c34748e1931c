// The user-facing material must match what the analyzer really does: every example program under
// examples/ is analyzed (together they exercise every rule; the clean ones have no finding), every
// rule has a documentation page whose Bad code is flagged, whose Good code is not and whose quick-fix
// before/after is what the fix really produces, and the README lists every rule and setting.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RULES } from '../server/src/engine';
import type { Finding, RuleMeta } from '../server/src/engine';
import { applyEdits, initEngine, lint } from './helpers/python';

const root = path.join(__dirname, '..');
const examplesDir = path.join(root, 'examples');
const rulesDir = path.join(root, 'docs', 'rules');

/** The headings every rule page has, in this order. */
const PAGE_SECTIONS = [
  'What goes wrong',
  'Bad',
  'Good',
  'How the analyzer decides',
  'Quick fix',
  'Known limits',
  'Suppressing it',
];

/** A rule that also reads TypeScript/JavaScript may end its page with this section. */
const TS_SECTION = 'TypeScript and JavaScript';

function pythonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return pythonFiles(full);
    return e.name.endsWith('.py') ? [full] : [];
  });
}

/** Clean examples do their job without any smell: named clean_*.py or kept under examples/clean/. */
function isCleanExample(file: string): boolean {
  const relative = path.relative(examplesDir, file).split(path.sep);
  return relative[0] === 'clean' || path.basename(file).startsWith('clean_');
}

/** The examples and the code on the pages are Python: rules of other languages are checked elsewhere. */
function readsPython(rule: RuleMeta): boolean {
  return (rule.languages as readonly string[]).includes('python');
}

function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.range.start.line + 1}: ${f.ruleId} ${f.message}`).join('\n');
}

/** A markdown page cut at its `## ` headings: heading text -> the section's body. */
function sections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  let current: string | undefined;
  let body: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = !inFence && /^## (.+?)\s*$/.exec(line);
    if (heading) {
      if (current !== undefined) out.set(current, body.join('\n'));
      current = heading[1];
      body = [];
    } else if (current !== undefined) body.push(line);
  }
  if (current !== undefined) out.set(current, body.join('\n'));
  return out;
}

function pythonBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```python\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
}

describe('examples/', () => {
  before(initEngine);

  const files = existsSync(examplesDir) ? pythonFiles(examplesDir).sort() : [];

  it('holds smelly and clean programs', () => {
    assert.ok(files.some(isCleanExample), 'no clean example');
    assert.ok(files.some((f) => !isCleanExample(f)), 'no smelly example');
  });

  for (const file of files) {
    const name = path.relative(root, file);
    if (isCleanExample(file)) {
      it(`${name} has no finding`, () => {
        const findings = lint(readFileSync(file, 'utf8'));
        assert.equal(findings.length, 0, `unexpected findings:\n${describeFindings(findings)}`);
      });
    } else {
      it(`${name} has findings`, () => {
        const findings = lint(readFileSync(file, 'utf8'));
        assert.ok(findings.length > 0, 'a smelly example with nothing to find');
      });
    }
  }

  it('exercise every rule', () => {
    const firedRules = new Set(
      files.filter((f) => !isCleanExample(f)).flatMap((f) => lint(readFileSync(f, 'utf8')).map((finding) => finding.ruleId)),
    );
    const missing = RULES.filter(readsPython)
      .map((r) => r.id)
      .filter((id) => !firedRules.has(id));
    assert.deepEqual(missing, [], `rules no example triggers: ${missing.join(', ')}`);
  });
});

describe('docs/rules/', () => {
  before(initEngine);

  const index = existsSync(path.join(rulesDir, 'README.md')) ? readFileSync(path.join(rulesDir, 'README.md'), 'utf8') : '';

  it('README.md indexes every rule page', () => {
    for (const rule of RULES) {
      assert.ok(index.includes(`[${rule.id}](${rule.id}.md)`), `${rule.id} is not linked from docs/rules/README.md`);
      assert.ok(index.includes(rule.name), `${rule.name} is not named in docs/rules/README.md`);
    }
  });

  for (const rule of RULES) describeRulePage(rule);
});

function describeRulePage(rule: RuleMeta): void {
  describe(`${rule.id} page`, () => {
    const file = path.join(rulesDir, `${rule.id}.md`);
    const page = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const parts = sections(page);
    const blocks = (section: string) => pythonBlocks(parts.get(section) ?? '');

    it('exists with the title, severity, index link and every section in order', () => {
      assert.ok(page, `docs/rules/${rule.id}.md is missing`);
      assert.equal(page.split('\n')[0], `# ${rule.id} ${rule.name}`);
      assert.match(page, new RegExp(`\\*\\*Default severity:\\*\\* ${rule.defaultSeverity}\\b`));
      assert.ok(page.includes('](README.md)'), 'no link back to the index');
      const headings = [...parts.keys()];
      assert.deepEqual(headings, headings.at(-1) === TS_SECTION ? [...PAGE_SECTIONS, TS_SECTION] : PAGE_SECTIONS);
    });

    if (!readsPython(rule)) return;

    it('has Bad code the rule flags', () => {
      const bad = blocks('Bad');
      assert.ok(bad.length > 0, 'no python block under ## Bad');
      for (const code of bad) {
        const findings = lint(code);
        assert.ok(
          findings.some((f) => f.ruleId === rule.id),
          `${rule.id} does not fire on:\n${code}\nfindings:\n${describeFindings(findings)}`,
        );
      }
    });

    it('has Good code with no finding', () => {
      const good = blocks('Good');
      assert.ok(good.length > 0, 'no python block under ## Good');
      for (const code of good) {
        const findings = lint(code);
        assert.equal(findings.length, 0, `findings on:\n${code}\n${describeFindings(findings)}`);
      }
    });

    it('shows the quick fix it really makes', () => {
      const section = parts.get('Quick fix') ?? '';
      if (!rule.fixable) {
        assert.match(section, /no automatic fix/i);
        return;
      }
      const pairs = blocks('Quick fix');
      assert.ok(pairs.length >= 2 && pairs.length % 2 === 0, 'Quick fix needs before/after python blocks in pairs');
      for (let i = 0; i < pairs.length; i += 2) {
        const [before, after] = [pairs[i], pairs[i + 1]];
        const fix = lint(before).find((f) => f.ruleId === rule.id)?.fixes[0];
        assert.ok(fix, `${rule.id} offers no fix on:\n${before}`);
        assert.equal(applyEdits(before, fix.edits), after);
        assert.ok(!lint(after).some((f) => f.ruleId === rule.id), `${rule.id} still fires after the fix`);
      }
    });

    it('says how to suppress it', () => {
      const section = parts.get('Suppressing it') ?? '';
      for (const form of [`# noqa: ${rule.id}`, `disable=${rule.id}`, `disable-file=${rule.id}`, `--rule ${rule.id}=off`]) {
        assert.ok(section.includes(form), `no mention of '${form}'`);
      }
    });
  });
}

describe('README.md', () => {
  const readme = existsSync(path.join(root, 'README.md')) ? readFileSync(path.join(root, 'README.md'), 'utf8') : '';
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, unknown> }; commands: { command: string }[] };
    scripts: Record<string, string>;
  };

  it('gives the two development commands on their own lines', () => {
    for (const command of ['npm install && npm start', 'npm install && npm test']) {
      assert.ok(readme.split('\n').includes(command), `'${command}' is not on a line of its own`);
    }
  });

  it('has a rule table row for every rule, linking its page', () => {
    for (const rule of RULES) {
      const row = readme.split('\n').find((l) => l.startsWith(`| [${rule.id}](docs/rules/${rule.id}.md)`));
      assert.ok(row, `no table row for ${rule.id}`);
      assert.ok(row.includes(rule.name) && row.includes(rule.defaultSeverity), `row of ${rule.id}: ${row}`);
      assert.ok(row.includes(rule.fixable ? '| yes |' : '| no |'), `fixable column of ${rule.id}: ${row}`);
    }
  });

  it('documents exactly the settings and commands the extension contributes', () => {
    const settings = Object.keys(manifest.contributes.configuration.properties);
    const commands = manifest.contributes.commands.map((c) => c.command);
    for (const key of [...settings, ...commands]) assert.ok(readme.includes(`\`${key}\``), `${key} is not documented`);
    const named = new Set([...readme.matchAll(/\bconcurrencyLint\.[\w.]+\w/g)].map((m) => m[0]));
    const unknown = [...named].filter((n) => !settings.includes(n) && !commands.includes(n));
    assert.deepEqual(unknown, [], 'the README names settings or commands that do not exist');
  });

  it('names only npm scripts that exist', () => {
    const scripts = [...readme.matchAll(/\bnpm run ([\w:-]+)/g)].map((m) => m[1]);
    for (const s of scripts) assert.ok(manifest.scripts[s], `npm run ${s} does not exist`);
  });
});
