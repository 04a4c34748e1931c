// The bundled language server driven over stdio by a real JSON-RPC client, as an editor would:
// initialize, open, pull and push diagnostics, code actions, fix-all, incremental edits,
// configuration changes, shutdown and exit.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeConfigurationNotification,
  DidCloseTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExecuteCommandRequest,
  HoverRequest,
  TextDocumentSyncKind,
} from 'vscode-languageserver-protocol/node';
import type { Hover, InitializeResult } from 'vscode-languageserver-protocol/node';
import { Client, PULL_CAPABILITIES, PUSH_CAPABILITIES, REPO_ROOT, SERVER_PATH } from './helpers/lspClient';

const root = REPO_ROOT;
const serverPath = SERVER_PATH;
const workspace = path.join(root, 'test', 'workspace');
const uriOf = (name: string) => pathToFileURL(path.join(workspace, name)).href;

const UNRELEASED = [
  'import threading',
  'lock = threading.Lock()',
  '',
  'def f():',
  '    lock.acquire()',
  '    work()',
  '    lock.release()',
  '',
].join('\n');

function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `'${needle}' not in the text`);
  return line;
}

describe('language server over stdio', function () {
  this.timeout(30_000);

  before(() => {
    if (!existsSync(serverPath)) {
      const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
      assert.equal(build.status, 0, 'the build failed');
    }
  });

  describe('a client with pull diagnostics', () => {
    let client: Client;
    let initialized: InitializeResult;

    before(async () => {
      client = new Client();
      initialized = await client.start(PULL_CAPABILITIES);
    });
    after(() => client.kill());

    it('announces incremental sync, pull diagnostics, code actions and hover', () => {
      const caps = initialized.capabilities;
      assert.deepEqual(caps.textDocumentSync && typeof caps.textDocumentSync === 'object' && caps.textDocumentSync.change, TextDocumentSyncKind.Incremental);
      assert.ok(caps.diagnosticProvider, 'no diagnosticProvider');
      assert.ok(caps.hoverProvider);
      const kinds = typeof caps.codeActionProvider === 'object' ? caps.codeActionProvider.codeActionKinds : [];
      assert.deepEqual(kinds, ['quickfix', 'source.fixAll.concurrency-lint']);
    });

    it('reports CL001 with source, code, documentation link and the related release', async () => {
      const uri = await client.open('pull.py', UNRELEASED);
      const items = await client.diagnostics(uri);
      assert.equal(items.length, 1, JSON.stringify(items));
      const [d] = items;
      assert.equal(d.code, 'CL001');
      assert.equal(d.source, 'concurrency-lint');
      assert.equal(d.range.start.line, 4);
      assert.equal(d.severity, 2);
      assert.match(typeof d.message === 'string' ? d.message : d.message.value, /'lock'/);
      assert.match(d.codeDescription?.href ?? '', /docs\/rules\/CL001\.md$/);
      assert.equal(d.relatedInformation?.length, 1);
      assert.equal(d.relatedInformation?.[0].location.uri, uri);
      assert.equal(d.relatedInformation?.[0].location.range.start.line, 6);
    });

    it('answers "unchanged" when the client already has the current result', async () => {
      const uri = uriOf('pull.py');
      const first = await client.pull(uri);
      assert.equal(first.kind, 'full');
      const second = await client.pull(uri, first.resultId);
      assert.equal(second.kind, 'unchanged');
    });

    it('offers the quick fix, the suppression and the documentation, and the fix rewrites to `with lock:`', async () => {
      const uri = uriOf('pull.py');
      const items = await client.diagnostics(uri);
      const actions = await client.codeActions(uri, items);
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Suppress CL001 on this line'), titles.join(' | '));
      const docs = actions.find((a) => a.title === 'Show documentation for CL001');
      assert.equal(docs?.command?.command, 'concurrencyLint.showDocumentation');
      assert.deepEqual(docs?.command?.arguments, ['CL001']);

      const fix = actions.find((a) => a.kind === 'quickfix' && a.isPreferred);
      assert.ok(fix, `no preferred quick fix among ${titles.join(' | ')}`);
      assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['CL001']);
      const fixed = client.applied(uri, fix.edit);
      assert.ok(!fixed.includes('lock.acquire()'), fixed);
      assert.ok(!fixed.includes('lock.release()'), fixed);
      assert.match(fixed, /\n {4}with lock:\n {8}work\(\)\n/);

      const suppress = actions.find((a) => a.title === 'Suppress CL001 on this line');
      assert.match(client.applied(uri, suppress?.edit).split('\n')[4], /^ {4}lock\.acquire\(\) {2}# noqa: CL001$/);
    });

    it('shows the rule summary and its page on hover over the flagged call', async () => {
      const uri = uriOf('pull.py');
      const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 8 } });
      const contents = (hover as Hover | null)?.contents;
      const markdown = contents && typeof contents === 'object' && 'kind' in contents && contents.kind === 'markdown' ? contents.value : '';
      assert.match(markdown, /^\*\*CL001 unreleased-lock\*\*: A lock is acquired/);
      assert.match(markdown, /\]\(https:\/\/\S+CL001\.md\)/);
      const elsewhere = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 2 } });
      assert.equal(elsewhere, null);
    });

    it('fixes every safe problem at once with source.fixAll.concurrency-lint', async () => {
      const text = [
        'import threading',
        'lock = threading.Lock()',
        'other = threading.RLock()',
        '',
        'def f():',
        '    lock.acquire()',
        '    work()',
        '    lock.release()',
        '',
        'def g():',
        '    other.acquire()',
        '    more_work()',
        '    other.release()',
        '',
      ].join('\n');
      const uri = await client.open('fixall.py', text);
      assert.equal((await client.diagnostics(uri)).length, 2);
      const actions = await client.codeActions(uri, [], ['source.fixAll']);
      assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.concurrency-lint']);
      const fixed = client.applied(uri, actions[0].edit);
      assert.match(fixed, /\n {4}with lock:\n {8}work\(\)\n/);
      assert.match(fixed, /\n {4}with other:\n {8}more_work\(\)\n/);
      assert.ok(!/\.(acquire|release)\(\)/.test(fixed), fixed);
      // Nested regions: the outer rewrite moves the inner one, so it is fixed in a second round.
      const nested = await client.open(
        'nested.py',
        ['import threading', 'a = threading.Lock()', 'b = threading.Lock()', '', 'def f():', '    a.acquire()', '    b.acquire()', '    work()', '    b.release()', '    a.release()', ''].join('\n'),
      );
      const [chained] = await client.codeActions(nested, [], ['source.fixAll.concurrency-lint']);
      assert.match(client.applied(nested, chained?.edit), /\n {4}with a:\n {8}with b:\n {12}work\(\)\n/);
      const none = await client.codeActions(uri, [], ['quickfix']);
      assert.ok(none.every((a) => a.kind === 'quickfix'), 'fix-all offered outside its kind');
    });

    it('keeps reporting the valid parts while an incremental edit leaves a syntax error', async () => {
      const uri = await client.open('typing.py', UNRELEASED);
      assert.equal((await client.diagnostics(uri)).length, 1);
      // Half-typed function above the smell: `def g(` with no closing parenthesis yet.
      await client.edit(uri, { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, 'def g(\n\n');
      const text = client.document(uri).getText();
      const items = await client.diagnostics(uri);
      const cl001 = items.filter((d) => d.code === 'CL001');
      assert.equal(cl001.length, 1, JSON.stringify(items));
      assert.equal(cl001[0].range.start.line, lineOf(text, 'lock.acquire()'));
      // Finishing the edit keeps the server in step with the text.
      await client.edit(uri, { start: { line: 3, character: 6 }, end: { line: 3, character: 6 } }, '):\n    pass');
      const after = client.document(uri).getText();
      const final = await client.diagnostics(uri);
      assert.deepEqual(final.map((d) => [d.code, d.range.start.line]), [['CL001', lineOf(after, 'lock.acquire()')]]);
    });

    it('with run: onSave, diagnostics follow the saved text only', async () => {
      client.settings = { run: 'onSave' };
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      const uri = await client.open('onsave.py', UNRELEASED);
      assert.equal((await client.diagnostics(uri)).length, 1);
      await client.edit(uri, { start: { line: 4, character: 0 }, end: { line: 7, character: 0 } }, '    with lock:\n        work()\n');
      assert.equal((await client.diagnostics(uri)).length, 1, 'analyzed before the save');
      const refreshes = client.refreshes.length;
      await client.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
      await client.until('a diagnostics refresh after the save', () => (client.refreshes.length > refreshes ? true : undefined));
      assert.equal((await client.diagnostics(uri)).length, 0);
      client.settings = {};
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    });

    it('turns CL001 off through workspace/configuration and asks the client to refresh', async () => {
      const uri = uriOf('pull.py');
      const before = await client.pull(uri);
      assert.equal(before.kind === 'full' && before.items.length, 1);
      const refreshes = client.refreshes.length;
      client.settings = { rules: { CL001: 'off' } };
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      await client.until('a diagnostics refresh', () => (client.refreshes.length > refreshes ? true : undefined));
      const after = await client.pull(uri, before.resultId);
      assert.equal(after.kind, 'full');
      assert.deepEqual(after.kind === 'full' && after.items, []);
      client.settings = {};
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      assert.equal((await client.diagnostics(uri)).length, 1);
    });

    it('reports nothing for files matched by concurrencyLint.exclude or when disabled', async () => {
      client.settings = { exclude: ['generated/**'] };
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      const excluded = await client.open('generated/pull.py', UNRELEASED);
      const included = await client.open('src/pull.py', UNRELEASED);
      assert.deepEqual(await client.diagnostics(excluded), []);
      assert.equal((await client.diagnostics(included)).length, 1);
      client.settings = { enable: false };
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      assert.deepEqual(await client.diagnostics(included), []);
      client.settings = {};
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    });

    it('logs a skipped binary file once and shows no popup', async () => {
      const uri = await client.open('binary.py', 'import threading\u0000\u0001\u0002');
      assert.deepEqual(await client.diagnostics(uri), []);
      await client.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '#');
      assert.deepEqual(await client.diagnostics(uri), []);
      const lines = client.logs.filter((l) => l.includes('binary.py'));
      assert.equal(lines.length, 1, client.logs.join('\n'));
      assert.match(lines[0], /Skipped .*binary/);
      assert.deepEqual(client.popups, []);
    });

    it('shuts down and exits with code 0', async () => {
      await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uriOf('pull.py') } });
      assert.equal(await client.stop(), 0);
    });
  });

  describe('a client without pull diagnostics or workspace/configuration', () => {
    let client: Client;
    let result: InitializeResult;

    before(async () => {
      client = new Client();
      result = await client.start(PUSH_CAPABILITIES);
      assert.equal(result.capabilities.diagnosticProvider, undefined);
    });
    after(() => client.kill());

    it('receives publishDiagnostics on open, after edits, after a settings change and on close', async () => {
      const uri = await client.open('push.py', UNRELEASED);
      const opened = await client.until('diagnostics on open', () => client.lastPublished(uri));
      assert.deepEqual(opened.diagnostics.map((d) => [d.code, d.source, d.range.start.line]), [['CL001', 'concurrency-lint', 4]]);
      assert.equal(opened.version, 1);

      await client.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, '\n\n');
      const edited = await client.until('diagnostics after the edit', () => {
        const last = client.lastPublished(uri);
        return last?.version === 2 ? last : undefined;
      });
      assert.deepEqual(edited.diagnostics.map((d) => d.range.start.line), [6]);

      const count = client.published.get(uri)?.length ?? 0;
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { concurrencyLint: { rules: { 'unreleased-lock': 'off' } } },
      });
      const off = await client.until('diagnostics after the settings change', () =>
        (client.published.get(uri)?.length ?? 0) > count ? client.lastPublished(uri) : undefined,
      );
      assert.deepEqual(off.diagnostics, []);

      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { concurrencyLint: {} } });
      await client.until('diagnostics back', () => (client.lastPublished(uri)?.diagnostics.length === 1 ? true : undefined));
      await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      await client.until('cleared on close', () => (client.lastPublished(uri)?.diagnostics.length === 0 ? true : undefined));
    });

    it('runs the documentation command itself for clients without the extension', async () => {
      assert.deepEqual(result.capabilities.executeCommandProvider?.commands, ['concurrencyLint.showDocumentation']);
      await client.connection.sendRequest(ExecuteCommandRequest.type, { command: 'concurrencyLint.showDocumentation', arguments: ['CL001'] });
      assert.ok(client.logs.some((l) => /CL001 documentation: https:\/\/\S+CL001\.md/.test(l)), client.logs.join('\n'));
    });

    it('shuts down and exits with code 0', async () => {
      assert.equal(await client.stop(), 0);
    });
  });
});
