// Random edits on real code: the stdlib files that import a concurrency module, each opened as a
// document and edited the way a typist does (a character, a space, a deletion, a new line, a pasted
// line, a bracket, a colon, a quote, a comment, a joined line). After every edit, the re-analysis
// (incremental when it can be) must find exactly what a whole-file analysis of the same text finds.
// Run by hand after changing the incremental path; it prints the first differences it meets.
//
//   npm run check:reanalysis -- [--seed N] [--edits N]   (edits per file, default 10)
import { readFileSync } from 'node:fs';
import { analyze, DEFAULT_SETTINGS, initEngine, openDocument, type Finding, type Range } from '../server/src/engine';
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

/** One edit at a random place of `lines`. */
function randomEdit(lines: string[]): { range: Range; newText: string } {
  const line = Math.floor(next() * lines.length);
  const text = lines[line];
  const character = Math.floor(next() * (text.length + 1));
  const at = { line, character };
  switch (Math.floor(next() * 5)) {
    case 0:
      return { range: { start: at, end: at }, newText: pick(INSERTS) };
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

function applyTo(text: string, lines: string[], e: { range: Range; newText: string }): string {
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
}

async function main(): Promise<void> {
  await initEngine();
  const files = concurrencyFiles(pythonFiles(stdlibPath()));
  let edits = 0;
  let incremental = 0;
  let differences = 0;
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
      if (JSON.stringify(got) === JSON.stringify(want)) continue;
      differences++;
      if (differences <= SHOWN) {
        console.log(`${file}: after ${JSON.stringify(e)} (${doc.lastAnalysis} analysis)`);
        console.log(`  only in the re-analysis: ${got.filter((g) => !want.includes(g)).join('\n    ') || '-'}`);
        console.log(`  only in the whole-file analysis: ${want.filter((w) => !got.includes(w)).join('\n    ') || '-'}`);
      }
    }
    doc.dispose();
  }
  console.log(`${files.length} files, ${edits} edits (${incremental} re-analyzed incrementally): ${differences} with different findings`);
  process.exitCode = differences > 0 ? 1 : 0;
}

void main();
