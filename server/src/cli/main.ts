// Entry point of dist/cli.js. The same file runs the worker threads that analyze files in parallel.
import { isMainThread } from 'node:worker_threads';
import { runWorker } from './pool';
import { EXIT_ERROR, runCli } from './run';

if (isMainThread) {
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
