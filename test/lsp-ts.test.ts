// The bundled language server over stdio with TypeScript/JavaScript documents, as an editor drives it:
// the engine loads with the first TS document, diagnostics, hover, quick fixes (a rule's fix, the
// suppression comment, documentation), fix-all, incremental edits, a CL016 setting, a file changed
// on disk that another document imports, and a JavaScript document. One server for the whole file.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, HoverRequest } from 'vscode-languageserver-protocol/node';
import type { ClientCapabilities, Diagnostic, Hover } from 'vscode-languageserver-protocol/node';
import { RULES, TS_RULE_METAS } from '../server/src/engine';
import { Client, PULL_CAPABILITIES, REPO_ROOT } from './helpers/lspClient';

const CAPABILITIES: ClientCapabilities = {
  ...PULL_CAPABILITIES,
  workspace: { ...PULL_CAPABILITIES.workspace, didChangeWatchedFiles: { dynamicRegistration: true } },
};

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'NodeNext', types: ['node'] }, include: ['src'] });

/** A worker (with an error listener) sent a message with a function in it: CL002 on line 6. */
const RENDER = `import { Worker } from 'node:worker_threads';

export function render(file: string): Worker {
  const worker = new Worker(file);
  worker.on('error', (e) => console.error(e));
  worker.postMessage({ onProgress: () => {} });
  return worker;
}
`;

/** CL001: the mutex is released without try/finally; the fix wraps the region in runExclusive. */
const BANK = `import { Mutex } from 'async-mutex';

const mutex = new Mutex();
let balance = 0;

export async function deposit(amount: number): Promise<void> {
  const release = await mutex.acquire();
  const fee = await Promise.resolve(amount * 0.01);
  balance += amount - fee;
  release();
}
`;

const BANK_FIXED = `import { Mutex } from 'async-mutex';

const mutex = new Mutex();
let balance = 0;

export async function deposit(amount: number): Promise<void> {
  await mutex.runExclusive(async () => {
    const fee = await Promise.resolve(amount * 0.01);
    balance += amount - fee;
  });
}
`;

/** What fix-all applies: the safe fix, release in a finally block (runExclusive changes the code's shape). */
const BANK_FINALLY = `import { Mutex } from 'async-mutex';

const mutex = new Mutex();
let balance = 0;

export async function deposit(amount: number): Promise<void> {
  const release = await mutex.acquire();
  try {
    const fee = await Promise.resolve(amount * 0.01);
    balance += amount - fee;
  } finally {
    release();
  }
}
`;

/** Sends a job whose type lives in another file: clean until that file gains a function. */
const DISPATCH = `import { Worker } from 'node:worker_threads';
import { job } from './job';

export function dispatch(worker: Worker): void {
  worker.postMessage(job);
}
`;

function codes(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1}:${String(d.code)}`);
}

describe('language server over stdio: TypeScript and JavaScript', function () {
  this.timeout(60_000);
  let workspace: string;
  let client: Client;

  function writeSource(rel: string, text: string): string {
    const file = path.join(workspace, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'cl-lsp-ts-'));
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(workspace, 'node_modules'), 'dir');
    writeSource('tsconfig.json', TSCONFIG);
    writeSource('src/job.ts', 'export const job = { id: 1, frames: [1, 2, 3] };\n');
    client = new Client(workspace);
    await client.start(CAPABILITIES);
  });
  after(() => {
    client.kill();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('loads the engine with the first TS document, watches TS/JS files and reports CL002 with its property path', async () => {
    const uri = await client.open('src/render.ts', RENDER, 'typescript');
    const items = await client.diagnostics(uri);
    assert.deepEqual(codes(items), ['6:CL002']);
    const [d] = items;
    assert.equal(d.source, 'concurrency-lint');
    assert.equal(d.severity, 1);
    assert.match(typeof d.message === 'string' ? d.message : d.message.value, /onProgress is a function/);
    assert.match(d.codeDescription?.href ?? '', /docs\/rules\/CL002\.md$/);
    assert.ok(client.logs.some((l) => /TypeScript\/JavaScript engine loaded/.test(l)), client.logs.join('\n'));
    const watching = await client.until('the file watcher registration', () => client.registrations.get('workspace/didChangeWatchedFiles'));
    const globs = (watching as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    assert.ok(globs.includes('**/{tsconfig,jsconfig}*.json'), globs.join(', '));
  });

  it('shows the rule on hover and offers the suppression comment and the documentation', async () => {
    const uri = client.uriOf('src/render.ts');
    const items = await client.diagnostics(uri);
    const hover = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: items[0].range.start })) as Hover | null;
    const text = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
    assert.match(text, /\*\*CL002 unserializable-payload\*\*/);
    // The summary of the TS/JS rule, in Node terms, not the Python one (pickling).
    assert.ok(text.includes(TS_RULE_METAS.find((r) => r.id === 'CL002')!.summary), text);
    assert.ok(!text.includes(RULES.find((r) => r.id === 'CL002')!.summary), text);

    const actions = await client.codeActions(uri, items);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Show documentation for CL002'), titles.join(' | '));
    const suppress = actions.find((a) => a.title === 'Suppress CL002 on this line');
    assert.ok(suppress, titles.join(' | '));
    const suppressed = client.applied(uri, suppress.edit);
    assert.match(suppressed, /\n {2}\/\/ concurrency-lint-disable-next-line CL002\n {2}worker\.postMessage\(\{ onProgress/);
  });

  it('follows incremental edits: the finding goes when the function does, and a suppression comment silences it', async () => {
    const uri = client.uriOf('src/render.ts');
    const line = 5;
    const at = RENDER.split('\n')[line].indexOf('() => {}');
    await client.edit(uri, { start: { line, character: at }, end: { line, character: at + '() => {}'.length } }, '1');
    assert.deepEqual(codes(await client.diagnostics(uri)), []);
    await client.edit(uri, { start: { line, character: at }, end: { line, character: at + 1 } }, '() => {}');
    assert.deepEqual(codes(await client.diagnostics(uri)), ['6:CL002']);
    await client.edit(uri, { start: { line, character: 0 }, end: { line, character: 0 } }, '  // concurrency-lint-disable-next-line CL002\n');
    assert.deepEqual(codes(await client.diagnostics(uri)), []);
  });

  it("applies CL001's runExclusive fix; fix-all applies the safe try/finally fix", async () => {
    const uri = await client.open('src/bank.ts', BANK, 'typescript');
    const items = await client.diagnostics(uri);
    assert.deepEqual(codes(items), ['7:CL001']);
    const actions = await client.codeActions(uri, items);
    const fix = actions.find((a) => a.title.startsWith('Use') && a.title.includes('runExclusive'));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(client.applied(uri, fix.edit), BANK_FIXED);
    const [fixAll] = await client.codeActions(uri, [], ['source.fixAll.concurrency-lint']);
    assert.equal(fixAll?.kind, 'source.fixAll.concurrency-lint');
    assert.equal(client.applied(uri, fixAll.edit), BANK_FINALLY);
    // Fix-all tried the fixed text in the document's place: the document itself is unchanged.
    assert.deepEqual(codes(await client.diagnostics(uri)), ['7:CL001']);
  });

  it('analyzes again when a file the document imports changes on disk', async () => {
    const uri = await client.open('src/dispatch.ts', DISPATCH, 'typescript');
    assert.deepEqual(codes(await client.diagnostics(uri)), []);
    const refreshes = client.refreshes.length;
    const job = writeSource('src/job.ts', 'export const job = { id: 1, frames: [1, 2, 3], onDone: () => {} };\n');
    await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: client.uriOf('src/job.ts'), type: FileChangeType.Changed }] });
    await client.until('a diagnostics refresh', () => (client.refreshes.length > refreshes ? true : undefined));
    const items = await client.diagnostics(uri);
    assert.deepEqual(codes(items), ['5:CL002'], job);
    assert.match(String(items[0].message), /onDone is a function/);
  });

  it('lints JavaScript documents, and a concurrencyLint.rules setting for CL016 applies', async () => {
    const text = "const { Worker } = require('node:worker_threads');\n\nconst worker = new Worker('./job.js');\nworker.postMessage({ id: 1 });\n";
    const uri = await client.open('src/start.js', text, 'javascript');
    const before = await client.diagnostics(uri);
    assert.deepEqual(codes(before), ['3:CL016']);
    assert.equal(before[0].severity, 2);

    client.settings = { rules: { CL016: 'error' } };
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const after = await client.diagnostics(uri);
    assert.deepEqual(codes(after), ['3:CL016']);
    assert.equal(after[0].severity, 1);
    assert.ok(!client.logs.some((l) => /unknown rule/.test(l)), client.logs.join('\n'));
    assert.deepEqual(client.popups, []);
  });

  it('shuts down and exits with code 0', async () => {
    assert.equal(await client.stop(), 0);
  });
});
