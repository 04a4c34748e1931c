// Entry point of dist/cli.js. The same file runs the worker threads that analyze files in parallel.
import { setFlagsFromString } from 'node:v8';
import { isMainThread } from 'node:worker_threads';
import { runWorker } from './pool';
import { EXIT_ERROR, runCli } from './run';

if (isMainThread) {
  // A lint run is short: V8's optimizing compiler, tuned for programs that run long, spends more on
  // compiling the analysis (in every thread) than the compiled code wins back. On Node 20 (V8 11),
  // less inlining and a later start of optimization make a run over the stdlib's concurrency files
  // ~13% faster and one over a TypeScript project ~20% faster (scripts/bench-lint.mjs). Later V8s
  // tier up differently (Maglev) and name these flags otherwise. Workers inherit the flags.
  if (process.versions.v8.startsWith('11.')) {
    setFlagsFromString('--max-inlined-bytecode-size-cumulative=100');
    setFlagsFromString('--interrupt-budget=300000');
  }
  // `concurrency-lint | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    workerScript: __filename,
  }).then(
    (code) => {
      // exitCode, not exit(): a large report piped to another program must be written in full first.
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`concurrency-lint: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT_ERROR;
    },
  );
} else {
  void runWorker();
}
