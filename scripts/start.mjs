// `npm start` (after the build): lints examples/ with the bundled CLI and prints what it finds.
// The examples are smelly on purpose, so findings are the expected outcome, not a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const examples = path.join(root, 'examples');
const cli = path.join(root, 'dist', 'cli.js');

function hasPythonFiles(dir) {
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { withFileTypes: true }).some((e) =>
    e.isDirectory() ? hasPythonFiles(path.join(dir, e.name)) : /\.pyw?$/.test(e.name),
  );
}

if (!existsSync(cli)) {
  console.error(`start: ${path.relative(process.cwd(), cli)} is missing; run "npm run build" first.`);
  process.exit(2);
}
if (!hasPythonFiles(examples)) {
  console.log('start: examples/ has no Python programs yet, so there is nothing to lint.');
  process.exit(0);
}

console.log('Linting examples/ with concurrency-lint:\n');
const colour = process.stdout.isTTY ? ['--color'] : ['--no-color'];
// Paths relative to the project root read best, whatever folder npm was started from.
const run = spawnSync(process.execPath, [cli, ...colour, 'examples'], { cwd: root, stdio: 'inherit' });
if (run.error) {
  console.error(`start: could not run the CLI: ${run.error.message}`);
  process.exit(2);
}
// 0 (clean) and 1 (findings) are both a successful run; 2 is a real failure.
process.exit(run.status === 0 || run.status === 1 ? 0 : (run.status ?? 2));
