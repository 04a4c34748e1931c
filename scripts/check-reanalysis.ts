// Random edits on real code: the stdlib files that import a concurrency module, each opened as a
// document and edited the way a typist does (a character, a space, a deletion, a new line, a pasted
// line, a bracket, a colon, a quote, a comment, a joined line). After every edit, the re-analysis
// (incremental when it can be) must find exactly what a whole-file analysis of the same text finds.
// Run by hand after changing the incremental path; it prints the first differences it meets.
// With --findings-only, the CLI's analysis, which leaves out the bodies of functions no rule can
// report (src/engine/python/quiet.ts), must find what a whole-file analysis finds, in each file as
// it is and after each of the random edits that leaves it without a syntax error (texts with one are
// counted apart).
// With --ts, the same for TypeScript: the TS fixtures and the two generated 2,000-line modules of the
// benchmark, each an open document edited in one analyzer (which reuses what it can of the previous
// analysis: src/engine/ts/memory.ts) and analyzed afresh in another.
//
//   npm run check:reanalysis -- [--ts | --findings-only] [--seed N] [--edits N]   (edits per file, default 10)
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, DEFAULT_SETTINGS, initEngine, openDocument, type Finding, type Range } from '../server/src/engine';
import { TsAnalyzer } from '../server/src/engine/ts/analyzer';
import { realisticWorkerModule, stressModule } from './bench-lint-ts.mjs';
import { concurrencyFiles, pythonFiles, stdlibPath } from './bench-shared.mjs';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
let seed = option('--seed', 1);
const perFile = option('--edits', 10);
const SHOWN = 5;
/** Large enough that no analysis here runs out of time: a skipped analysis proves nothing. */
const BUDGET = { budgetMs: 60_000 };

const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
const summary = (findings: Finding[]) => findings.map((f) => JSON.stringify([f.ruleId, f.range, f.message, f.related, f.fixes]));

const INSERTS = ['x', ' ', '(', ')', ':', '"', '# note', '\t', 'lock.acquire()', 'q.empty()', '.start()'];
const TS_INSERTS = ['x', ' ', '(', ')', '{', '}', ';', '=', "'", '`', '// note', '/*', 'let n = 1;', 'n = 2;', 'port.postMessage(() => 1);', 'await m.acquire();', 'return;'];

/** One edit at a random place of `lines` (on line `near` when given and still there). */
function randomEdit(lines: string[], inserts = INSERTS, near?: number): { range: Range; newText: string } {
  const line = near !== undefined && near < lines.length ? near : Math.floor(next() * lines.length);
  const text = lines[line];
  const character = Math.floor(next() * (text.length + 1));
  const at = { line, character };
  switch (Math.floor(next() * 5)) {
    case 0:
      return { range: { start: at, end: at }, newText: pick(inserts) };
    case 1:
      // Delete a character, or join the line with the next one.
      if (character < text.length) return { range: { start: at, end: { line, character: character + 1 } }, newText: '' };
      return line + 1 < lines.length ? { range: { start: at, end: { line: line + 1, character: 0 } }, newText: '' } : { range: { start: at, end: at }, newText: '' };
    case 2:
      return { range: { start: at, end: at }, newText: `\n${/^\s*/.exec(text)![0]}` };
    case 3:
      return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${pick(lines)}\n` };
    default:
      return { range: { start: { line, character: text.length }, end: { line, character: text.length } }, newText: ' ' };
  }
}

let differences = 0;

/** Counts a re-analysis that differs from the reference, and prints the first few. */
function compare(got: string[], want: string[], where: string): void {
  if (JSON.stringify(got) === JSON.stringify(want)) return;
  differences++;
  if (differences > SHOWN) return;
  console.log(where);
  console.log(`  only in the re-analysis: ${got.filter((g) => !want.includes(g)).join('\n    ') || '-'}`);
  console.log(`  only in the reference analysis: ${want.filter((w) => !got.includes(w)).join('\n    ') || '-'}`);
}

function applyTo(text: string, lines: string[], e: { range: Range; newText: string }): string {
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
}

async function main(): Promise<void> {
  await initEngine();
  const files = concurrencyFiles(pythonFiles(stdlibPath()));
  let edits = 0;
  let incremental = 0;
  for (const file of files) {
    let text = readFileSync(file, 'utf8');
    // Lines are split at "\n" here, as tree-sitter counts them.
    if (text.includes('\r')) continue;
    const doc = openDocument(text);
    doc.analyze(DEFAULT_SETTINGS, BUDGET);
    for (let i = 0; i < perFile; i++) {
      const lines = text.split('\n');
      const e = randomEdit(lines);
      text = applyTo(text, lines, e);
      doc.applyEdit(e.range, e.newText);
      const got = summary(doc.analyze(DEFAULT_SETTINGS, BUDGET).findings);
      if (doc.lastAnalysis === 'incremental') incremental++;
      const want = summary(analyze(text, DEFAULT_SETTINGS, BUDGET).findings);
      edits++;
      compare(got, want, `${file}: after ${JSON.stringify(e)} (${doc.lastAnalysis} analysis; the reference is a whole-file analysis)`);
    }
    doc.dispose();
  }
  console.log(`${files.length} files, ${edits} edits (${incremental} re-analyzed incrementally): ${differences} with different findings`);
  process.exitCode = differences > 0 ? 1 : 0;
}

async function mainFindingsOnly(): Promise<void> {
  await initEngine();
  const files = concurrencyFiles(pythonFiles(stdlibPath()));
  const cli = { ...BUDGET, findingsOnly: true };
  let checked = 0;
  let broken = 0;
  let brokenDiffering = 0;
  for (const file of files) {
    const original = readFileSync(file, 'utf8');
    const lines = original.split('\n');
    // Each edit is made to the file as it is: most texts stay free of syntax errors.
    for (let i = 0; i <= perFile; i++) {
      const e = i > 0 ? randomEdit(lines) : undefined;
      const text = e ? applyTo(original, lines, e) : original;
      const last = e ? `after ${JSON.stringify(e)}` : 'as it is';
      checked++;
      const reference = analyze(text, DEFAULT_SETTINGS, BUDGET);
      const got = summary(analyze(text, DEFAULT_SETTINGS, cli).findings);
      if (reference.syntaxErrors > 0) {
        // An error in a left-out body is never parsed, so it cannot sway the parser's reading of the
        // rest of the file, as it can in the whole file: counted, not held against the CLI.
        broken++;
        if (JSON.stringify(got) !== JSON.stringify(summary(reference.findings))) brokenDiffering++;
        continue;
      }
      compare(got, summary(reference.findings), `${file}: ${last} (the reference is a whole-file analysis)`);
    }
  }
  console.log(`${files.length} files, ${checked} texts (each file, and it after each of ${perFile} random edits): ${checked - broken} without a syntax error, ${differences} of them with different findings`);
  console.log(`${broken} texts with a syntax error, ${brokenDiffering} of them with different findings (not counted)`);
  process.exitCode = differences > 0 ? 1 : 0;
}

const TS_FIXTURES = path.join(__dirname, '..', 'test', 'fixtures', 'ts');
/** Where the generated modules are written: inside the repository, so they find its node_modules. */
const GENERATED_DIR = path.join(__dirname, '..', '.bench', 'check-ts');

async function mainTs(): Promise<void> {
  mkdirSync(GENERATED_DIR, { recursive: true });
  writeFileSync(path.join(GENERATED_DIR, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] } }));
  const generated = { 'realistic.ts': realisticWorkerModule(2000), 'stress.ts': stressModule(2000) };
  for (const [name, text] of Object.entries(generated)) writeFileSync(path.join(GENERATED_DIR, name), text);
  const fixtures = readdirSync(TS_FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(TS_FIXTURES, f));
  const files = [...Object.keys(generated).map((n) => path.join(GENERATED_DIR, n)), ...fixtures];
  const editing = new TsAnalyzer();
  const fresh = new TsAnalyzer();
  let edits = 0;
  let reusing = 0;
  for (const file of files) {
    let text = readFileSync(file, 'utf8');
    if (text.includes('\r')) continue;
    // The generated modules get more edits: they are where the reuse pays.
    const count = file.startsWith(GENERATED_DIR) ? perFile * 10 : perFile;
    editing.setOpenDocument(file, text, 1);
    editing.analyze(file, DEFAULT_SETTINGS, BUDGET);
    let near: number | undefined;
    for (let i = 0; i < count; i++) {
      const lines = text.split('\n');
      // Half the edits go where the last one went, as typing does: a function is edited again and again.
      const e = randomEdit(lines, TS_INSERTS, next() < 0.5 ? near : undefined);
      near = e.range.start.line;
      text = applyTo(text, lines, e);
      editing.setOpenDocument(file, text, i + 2);
      const got = summary(editing.analyze(file, DEFAULT_SETTINGS, BUDGET).findings);
      if (editing.lastSitesReused > 0) reusing++;
      // A document opened anew has nothing to reuse.
      fresh.closeDocument(file);
      fresh.setOpenDocument(file, text, i + 2);
      const want = summary(fresh.analyze(file, DEFAULT_SETTINGS, BUDGET).findings);
      edits++;
      compare(got, want, `${file}: after ${JSON.stringify(e)} (${editing.lastSitesReused} sites reused; the reference is a fresh analysis)`);
    }
    editing.closeDocument(file);
    fresh.closeDocument(file);
  }
  editing.dispose();
  fresh.dispose();
  console.log(`${files.length} files, ${edits} edits (${reusing} of them reusing sites of the previous analysis): ${differences} with different findings`);
  process.exitCode = differences > 0 ? 1 : 0;
}

void (args.includes('--ts') ? mainTs() : args.includes('--findings-only') ? mainFindingsOnly() : main());
