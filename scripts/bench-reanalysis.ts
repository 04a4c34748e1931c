// Re-analysis in-process, without the language server around it: the edits of `npm run bench:lint`'s
// re-analysis section applied to a PythonDocument, each followed by an analysis. Prints p50/p95 per
// run and their medians, and how many edits needed a whole-file analysis (with --verbose, which ones
// and what they made of the line). Use it to compare two versions of the engine (run each a few
// times, alternating); bench:lint gives the figure through the server.
//
//   npm run bench:reanalysis -- [--runs N] [--verbose]
import { DEFAULT_SETTINGS, initEngine, openDocument } from '../server/src/engine';
import { benchEdits, bigFile, median, percentile } from './bench-shared.mjs';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const verbose = args.includes('--verbose');
const WARMUP_EDITS = 10;
const EDITS = 200;

async function main(): Promise<void> {
  await initEngine();
  const big = bigFile();
  const p50s: number[] = [];
  const p95s: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const doc = openDocument(big.text);
    doc.analyze(DEFAULT_SETTINGS);
    const latencies: number[] = [];
    const whole: string[] = [];
    let i = 0;
    for (const change of benchEdits(big.lines, WARMUP_EDITS + EDITS)) {
      const started = performance.now();
      doc.applyEdit(change.range, change.text);
      doc.analyze(DEFAULT_SETTINGS);
      const ms = performance.now() - started;
      if (i >= WARMUP_EDITS) {
        latencies.push(ms);
        if (doc.lastAnalysis === 'full') whole.push(`${ms.toFixed(1)} ms  line ${change.range.start.line + 1}: ${JSON.stringify(doc.content.split('\n')[change.range.start.line].trim())}`);
      }
      i++;
    }
    doc.dispose();
    p50s.push(percentile(latencies, 50));
    p95s.push(percentile(latencies, 95));
    console.log(`run ${run}: p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms, whole-file analyses ${whole.length} of ${EDITS}`);
    if (verbose) for (const w of whole) console.log(`  ${w}`);
  }
  console.log(`${big.lines.length}-line file, ${EDITS} edits after ${WARMUP_EDITS} uncounted, median of ${runs} runs: p50 ${median(p50s).toFixed(2)} ms, p95 ${median(p95s).toFixed(2)} ms`);
}

void main();
