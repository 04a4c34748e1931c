// `npm start`: builds and packages the extension, installs the .vsix into a local code-server (VS Code
// in the browser, set up under .e2e/ on first use) and serves the examples/ workspace with the
// extension active. Prints the URL to open; Ctrl+C ends everything it started.
// Options: PORT=8080 npm start to pick the port (default: a free one).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { E2E_DIR, ensureEditor, installExtension, prepareProfile, REPO, startCodeServer } from './e2e-setup.mjs';

const WORKSPACE = path.join(REPO, 'examples');
const RUN_DIR = path.join(E2E_DIR, 'start');

const requestedPort = Number(process.env.PORT ?? 0);
if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
  console.error(`PORT must be a port number, not "${process.env.PORT}"`);
  process.exit(2);
}

let editor;
try {
  editor = ensureEditor();
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
console.log('Building and packaging the extension…');
execFileSync('npm', ['run', '--silent', 'package'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
// A fresh profile each time, so that the extension installed is the one just built.
rmSync(RUN_DIR, { recursive: true, force: true });
const profile = prepareProfile(RUN_DIR, { 'workbench.colorTheme': 'Default Dark Modern' });
installExtension(editor, profile);
const server = await startCodeServer(editor, profile, WORKSPACE, { port: requestedPort });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    server.stop();
    console.log('\nStopped code-server and everything it started.');
    process.exit(0);
  });
}
server.child.on('exit', (code, signal) => {
  console.error(`code-server stopped (${signal ?? code}).`);
  server.stop();
  process.exit(1);
});
console.log(`
Concurrency Lint is running in VS Code (code-server) on the examples/ workspace:

    ${server.url}

Open a file in examples/ to see its findings underlined and in the Problems panel (Ctrl+Shift+M);
Ctrl+. on a finding offers its quick fixes; type cc- for the snippets; F1 → "Concurrency Lint: Run
Threads vs Processes Benchmark" runs the benchmark. Press Ctrl+C here to stop.`);
