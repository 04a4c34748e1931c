// Config files: discovery from a folder upward, parsing, validation and the messages for bad ones.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, ExcludeMatcher, findConfig, loadConfigFile, parseRuleOption, settingsFromConfig } from '../server/src/config';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cl-config-'));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

function configError(action: () => unknown): ConfigError {
  try {
    action();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigError');
}

describe('config: validation', () => {
  it('accepts every key the editor settings have and maps rule names to ids', () => {
    const settings = settingsFromConfig(
      { enable: true, run: 'onSave', rules: { CL001: 'error', 'unreleased-lock': 'hint', cl002: 'off' }, exclude: ['build', 'src/gen/**'] },
      'cfg.json',
    );
    // Both keys name CL001: the one written later wins, as it would in the editor's settings.
    assert.deepEqual(settings, { enable: true, rules: { CL001: 'hint', CL002: 'off' }, exclude: ['build', 'src/gen/**'] });
  });

  it('names an unknown severity and lists the allowed ones', () => {
    const error = configError(() => settingsFromConfig({ rules: { CL001: 'fatal' } }, 'cfg.json'));
    assert.match(error.message, /^cfg\.json: rules\.CL001: "fatal" is not allowed; use one of off, error, warning, info, hint$/);
  });

  it('names an unknown key, so a typo does not silently do nothing', () => {
    const error = configError(() => settingsFromConfig({ exclud: ['x'] }, 'cfg.json'));
    assert.match(error.message, /unknown key "exclud" \(known keys: enable, run, rules, exclude\)/);
  });

  it('names an unknown rule', () => {
    const error = configError(() => settingsFromConfig({ rules: { CL999: 'off' } }, 'cfg.json'));
    assert.match(error.message, /rules\.CL999: unknown rule \(known rules: CL001 unreleased-lock/);
  });

  it('reports every wrong type at once', () => {
    const error = configError(() => settingsFromConfig({ enable: 'yes', exclude: 'build', run: 'sometimes' }, 'cfg.json'));
    assert.equal(error.problems.length, 3, error.message);
    assert.match(error.message, /enable: expected boolean, got "yes"/);
    assert.match(error.message, /exclude: expected array, got "build"/);
    assert.match(error.message, /run: "sometimes" is not allowed; use one of onType, onSave/);
  });

  it('rejects a config that is not an object', () => {
    assert.match(configError(() => settingsFromConfig(['CL001'], 'cfg.json')).message, /expected object/);
  });

  it('parses --rule values by id or name and rejects bad ones', () => {
    assert.deepEqual(parseRuleOption('CL001=off'), { id: 'CL001', setting: 'off' });
    assert.deepEqual(parseRuleOption('unreleased-lock=error'), { id: 'CL001', setting: 'error' });
    assert.throws(() => parseRuleOption('CL001'), /RULE=SEVERITY/);
    assert.throws(() => parseRuleOption('CL001=loud'), /"loud" is not a severity/);
    assert.throws(() => parseRuleOption('nope=off'), /unknown rule "nope"/);
  });
});

describe('config: files', () => {
  const roots: string[] = [];
  const make = (files: Record<string, string>): string => {
    const root = tree(files);
    roots.push(root);
    return root;
  };
  after(() => {
    for (const r of roots) rmSync(r, { recursive: true, force: true });
  });

  it('reads [tool.concurrency-lint] from pyproject.toml', () => {
    const root = make({ 'pyproject.toml': '[project]\nname = "x"\n\n[tool.concurrency-lint]\nexclude = ["build"]\n\n[tool.concurrency-lint.rules]\nCL001 = "off"\n' });
    const loaded = loadConfigFile(path.join(root, 'pyproject.toml'));
    assert.deepEqual(loaded.settings, { exclude: ['build'], rules: { CL001: 'off' } });
    assert.equal(loaded.root, root);
  });

  it('points at the line and column of a TOML syntax error', () => {
    const root = make({ 'pyproject.toml': '[tool.concurrency-lint]\nenable = tru\n' });
    const error = configError(() => loadConfigFile(path.join(root, 'pyproject.toml')));
    assert.match(error.message, /pyproject\.toml: not valid TOML at line 2, column \d+/);
  });

  it('points at the line and column of a JSON syntax error', () => {
    const root = make({ '.concurrency-lint.json': '{\n  "rules": {\n    "CL001": "off",\n  }\n}\n' });
    const error = configError(() => loadConfigFile(path.join(root, '.concurrency-lint.json')));
    assert.match(error.message, /\.concurrency-lint\.json: not valid JSON at line 4, column 3/);
  });

  it('says when a pyproject.toml given with --config has no table of ours', () => {
    const root = make({ 'pyproject.toml': '[project]\nname = "x"\n' });
    assert.match(configError(() => loadConfigFile(path.join(root, 'pyproject.toml'))).message, /has no \[tool\.concurrency-lint\] table/);
  });

  it('reads a dedicated .toml file at its top level', () => {
    const root = make({ 'lint.toml': 'enable = false\n' });
    assert.deepEqual(loadConfigFile(path.join(root, 'lint.toml')).settings, { enable: false });
  });

  it('rejects missing files and unknown file types', () => {
    const root = make({ 'lint.yaml': 'enable: false\n' });
    assert.match(configError(() => loadConfigFile(path.join(root, 'nope.json'))).message, /no such file/);
    assert.match(configError(() => loadConfigFile(path.join(root, 'lint.yaml'))).message, /use a \.json or \.toml file/);
  });

  it('finds the nearest config upward; .concurrency-lint.json wins over pyproject.toml in one folder', () => {
    const root = make({
      '.concurrency-lint.json': '{"rules": {"CL001": "off"}}',
      'app/pyproject.toml': '[tool.concurrency-lint.rules]\nCL001 = "info"\n',
      'app/.concurrency-lint.json': '{"rules": {"CL001": "error"}}',
      'app/src/pkg/mod.py': '',
      'lib/pkg/mod.py': '',
    });
    assert.equal(findConfig(path.join(root, 'app/src/pkg'))?.file, path.join(root, 'app/.concurrency-lint.json'));
    assert.deepEqual(findConfig(path.join(root, 'app/src/pkg'))?.settings, { rules: { CL001: 'error' } });
    assert.equal(findConfig(path.join(root, 'lib/pkg'))?.file, path.join(root, '.concurrency-lint.json'));
  });

  it('passes over a pyproject.toml without our table', () => {
    const root = make({
      'pyproject.toml': '[tool.concurrency-lint]\nenable = false\n',
      'sub/pyproject.toml': '[tool.black]\nline-length = 100\n',
    });
    assert.equal(findConfig(path.join(root, 'sub'))?.file, path.join(root, 'pyproject.toml'));
  });

  it('finds nothing where there is no config', () => {
    const root = make({ 'a/b.py': '' });
    assert.equal(findConfig(path.join(root, 'a')), undefined);
  });

  it('reports an invalid discovered config rather than ignoring it', () => {
    const root = make({ 'pyproject.toml': '[tool.concurrency-lint.rules]\nCL001 = "loud"\n' });
    assert.match(configError(() => findConfig(root)).message, /pyproject\.toml: rules\.CL001: "loud" is not allowed/);
  });
});

describe('config: exclude globs', () => {
  const base = path.resolve('/project');
  const at = (rel: string): string => path.join(base, ...rel.split('/'));
  const matcher = new ExcludeMatcher(['build', '*_pb2.py', 'src/generated/**', 'docs/'], [base]);

  it('matches a bare name at any depth and a path relative to the base', () => {
    assert.equal(matcher.match(at('build/x.py')), 'build');
    assert.equal(matcher.match(at('pkg/build/deep/x.py')), 'build');
    assert.equal(matcher.match(at('pkg/api_pb2.py')), '*_pb2.py');
    assert.equal(matcher.match(at('src/generated/a/b.py')), 'src/generated/**');
    assert.equal(matcher.match(at('docs/conf.py')), 'docs/');
  });

  it('leaves other paths alone, including the base folder itself', () => {
    assert.equal(matcher.match(at('src/main.py')), undefined);
    assert.equal(matcher.match(at('pkg/generated/x.py')), undefined, 'path globs are anchored at the base');
    assert.equal(new ExcludeMatcher(['project'], [base]).match(base), undefined);
  });
});
