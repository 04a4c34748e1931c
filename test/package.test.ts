// The extension manifest: what VS Code and the marketplace read. Every contribution must be complete
// (titles, categories, descriptions, defaults, valid enums), point at files that exist, and agree
// with the code (commands the client registers, settings the server reads, rules the engine has).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { RULES, RULE_SETTINGS } from '../server/src/engine';
import { parseSettings } from '../server/src/lsp/settings';

const root = path.join(__dirname, '..');

interface Command {
  command: string;
  title?: string;
  category?: string;
}

interface Setting {
  type?: string | string[];
  default?: unknown;
  description?: string;
  markdownDescription?: string;
  scope?: string;
  enum?: unknown[];
  enumDescriptions?: string[];
  properties?: Record<string, Setting>;
  additionalProperties?: Setting | boolean;
  items?: Setting;
}

interface Manifest {
  name: string;
  publisher: string;
  version: string;
  main: string;
  icon: string;
  license: string;
  categories: string[];
  keywords: string[];
  repository: { type: string; url: string };
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  activationEvents: string[];
  capabilities: {
    untrustedWorkspaces: { supported: boolean | 'limited'; description?: string; restrictedConfigurations?: string[] };
    virtualWorkspaces: boolean | { supported: boolean | 'limited'; description?: string };
  };
  contributes: {
    commands: Command[];
    configuration: { title: string; properties: Record<string, Setting> };
    snippets?: { language: string; path: string }[];
    grammars?: { path: string }[];
    walkthroughs?: { steps: { media: Record<string, unknown> }[] }[];
  };
}

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
const settings = manifest.contributes.configuration.properties;

/** Every .ts file under a folder, concatenated: to check that the code uses what the manifest names. */
function sources(folder: string): string {
  return readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

/** [major, minor, patch] of a version or a caret range. */
function version(v: string): number[] {
  const match = /(\d+)\.(\d+)\.(\d+)/.exec(v);
  assert.ok(match, `not a version: ${v}`);
  return match.slice(1).map(Number);
}

function notOlder(a: number[], b: number[]): boolean {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

describe('extension manifest (package.json)', () => {
  it('gives every command a title and the "Concurrency Lint" category, and the client registers each', () => {
    const client = sources('client/src');
    assert.ok(manifest.contributes.commands.length >= 4);
    for (const c of manifest.contributes.commands) {
      assert.ok(c.title?.trim(), `${c.command} has no title`);
      assert.equal(c.category, 'Concurrency Lint', `${c.command} has no category`);
      assert.match(c.command, /^concurrencyLint\.\w+$/);
      const registered = client.includes(`'${c.command}'`) || client.includes(`"${c.command}"`);
      assert.ok(registered, `${c.command} is contributed but the client never names it`);
    }
    for (const required of ['concurrencyLint.restartServer', 'concurrencyLint.showOutput', 'concurrencyLint.showDocumentation']) {
      assert.ok(manifest.contributes.commands.some((c) => c.command === required), `${required} missing`);
    }
  });

  it('describes every setting, with a default, a resource scope and valid enums', () => {
    for (const [key, s] of Object.entries(settings)) {
      assert.ok(key.startsWith('concurrencyLint.'), key);
      assert.ok(s.description?.trim() || s.markdownDescription?.trim(), `${key} has no description`);
      assert.ok('default' in s, `${key} has no default`);
      assert.equal(s.scope, 'resource', `${key} is not resource-scoped`);
      if (s.enum) {
        assert.ok(s.enum.includes(s.default), `${key}: default ${String(s.default)} is not one of its values`);
        assert.equal(s.enumDescriptions?.length, s.enum.length, `${key}: one enumDescription per value`);
      }
    }
    for (const key of ['enable', 'run', 'rules', 'exclude', 'trace.server']) assert.ok(settings[`concurrencyLint.${key}`], `concurrencyLint.${key} missing`);
    assert.deepEqual(settings['concurrencyLint.run'].enum, ['onType', 'onSave']);
    assert.deepEqual(settings['concurrencyLint.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.equal(settings['concurrencyLint.exclude'].items?.type, 'string');
  });

  it('lists CL001-CL011 and every engine rule under concurrencyLint.rules with valid severities and the rule summary', () => {
    const rules = settings['concurrencyLint.rules'];
    assert.equal(rules.type, 'object');
    assert.deepEqual(rules.default, {});
    const additional = rules.additionalProperties;
    assert.ok(additional && typeof additional === 'object', 'rules must accept rule names too');
    assert.deepEqual(additional.enum, [...RULE_SETTINGS]);
    const properties = rules.properties ?? {};
    const ids = Array.from({ length: 11 }, (_, i) => `CL${String(i + 1).padStart(3, '0')}`);
    for (const id of [...ids, ...RULES.map((r) => r.id)]) {
      const p = properties[id];
      assert.ok(p, `concurrencyLint.rules.${id} missing`);
      assert.deepEqual(p.enum, [...RULE_SETTINGS], `${id}: severities`);
      assert.equal(p.enumDescriptions?.length, RULE_SETTINGS.length, `${id}: enumDescriptions`);
      assert.match(p.markdownDescription ?? '', new RegExp(`docs/rules/${id}\\.md\\)$`), `${id}: link to its page`);
    }
    for (const rule of RULES) {
      const description = properties[rule.id].markdownDescription ?? '';
      assert.ok(
        description.includes(rule.summary) && description.includes(`\`${rule.defaultSeverity}\``),
        `${rule.id}'s setting is out of date with the engine: run npx tsx scripts/sync-rule-settings.ts`,
      );
    }
  });

  it('has defaults that the server reads back as valid settings', () => {
    const section: Record<string, unknown> = {};
    for (const [key, s] of Object.entries(settings)) {
      const parts = key.split('.').slice(1);
      let target = section;
      for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
      target[parts.at(-1)!] = s.default;
    }
    const warnings: string[] = [];
    const parsed = parseSettings(section, (m) => warnings.push(m));
    assert.deepEqual(warnings, []);
    assert.deepEqual(parsed, { lint: { enable: true, rules: {}, exclude: [] }, run: 'onType' });
  });

  it('activates on Python, TypeScript and JavaScript and declares how it behaves in restricted and virtual workspaces', () => {
    assert.deepEqual(manifest.activationEvents, ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((id) => `onLanguage:${id}`));
    assert.equal(manifest.main, './dist/client.js');
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.ok(untrusted.description?.trim());
    for (const key of untrusted.restrictedConfigurations ?? []) assert.ok(settings[key], `restricted setting ${key} is not contributed`);
    assert.ok('virtualWorkspaces' in manifest.capabilities);
  });

  it('is marketplace-ready: icon, categories, keywords, repository, license, changelog, engine version', () => {
    assert.deepEqual(manifest.categories, ['Linters', 'Snippets']);
    assert.ok(manifest.keywords.length >= 3 && manifest.keywords.length <= 30);
    assert.equal(manifest.repository.url, 'https://github.com/concurrency-lint/concurrency-lint');
    assert.equal(manifest.license, 'MIT');
    assert.match(readFileSync(path.join(root, 'LICENSE'), 'utf8'), /^MIT License/);
    assert.match(readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'), new RegExp(`## ${manifest.version.replace(/\./g, '\\.')}`));
    assert.ok(
      notOlder(version(manifest.engines.vscode), version(manifest.devDependencies['@types/vscode'])),
      `engines.vscode ${manifest.engines.vscode} is older than @types/vscode ${manifest.devDependencies['@types/vscode']}`,
    );

    const icon = readFileSync(path.join(root, manifest.icon));
    assert.equal(icon.subarray(1, 4).toString('ascii'), 'PNG');
    assert.equal(icon.subarray(12, 16).toString('ascii'), 'IHDR');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
  });

  it('points snippets and grammars at files that exist and parse', () => {
    for (const contribution of [...(manifest.contributes.snippets ?? []), ...(manifest.contributes.grammars ?? [])]) {
      const file = path.join(root, contribution.path);
      assert.ok(existsSync(file), `${contribution.path} does not exist`);
      assert.doesNotThrow(() => JSON.parse(readFileSync(file, 'utf8')), `${contribution.path} is not valid JSON`);
    }
    assert.ok(manifest.contributes.snippets?.some((s) => s.language === 'python'), 'no Python snippets contributed');
  });

  it('packages every file the manifest and the runtime use, and no source, test or dev file (.vscodeignore)', () => {
    // The same reading of .vscodeignore as vsce: a file is left out when an ignore pattern matches it
    // and no `!` pattern lets it back in.
    const lines = readFileSync(path.join(root, '.vscodeignore'), 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const ignored = picomatch(lines.filter((l) => !l.startsWith('!')), { dot: true });
    const kept = picomatch(lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1)), { dot: true });
    const packaged = (file: string) => !ignored(file) || kept(file);

    const media = (manifest.contributes.walkthroughs ?? []).flatMap((w) =>
      w.steps.flatMap((s) => Object.values(s.media).filter((v): v is string => typeof v === 'string' && /\.(md|png|svg|gif|jpe?g)$/.test(v))),
    );
    const runtime = [
      manifest.main,
      'dist/server.js',
      'dist/cli.js',
      'dist/ts-engine.js',
      'dist/lib.es2022.d.ts',
      'dist/web-tree-sitter.wasm',
      'dist/tree-sitter-python.wasm',
      manifest.icon,
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'package.json',
      ...RULES.map((r) => `docs/rules/${r.id}.md`),
      ...(manifest.contributes.snippets ?? []).map((s) => s.path),
      ...(manifest.contributes.grammars ?? []).map((g) => g.path),
      ...media,
      'benchmark/runners/python_bench.py',
    ].map((f) => path.posix.normalize(f));
    for (const file of runtime) assert.ok(packaged(file), `${file} is needed at run time but .vscodeignore leaves it out`);
    for (const file of media) assert.ok(existsSync(path.join(root, file)), `walkthrough media ${file} does not exist`);

    const development = [
      'server/src/server.ts',
      'client/src/extension.ts',
      'test/lsp.test.ts',
      'test/fixtures/python/CL001/basic.py',
      'scripts/build.mjs',
      'node_modules/vscode-languageserver/package.json',
      'dist/server.js.map',
      'benchmark/src/cli.ts',
      'examples/bank.py',
      'tsconfig.json',
      'eslint.config.mjs',
      '.mocharc.json',
      'package-lock.json',
      '.e2e/run.mjs',
    ];
    for (const file of development) assert.ok(!packaged(file), `${file} would be packaged`);
  });
});
