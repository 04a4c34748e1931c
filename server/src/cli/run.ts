// One run of `concurrency-lint`: options, config, files, analysis, output, exit code.
import { statSync } from 'node:fs';
import path from 'node:path';
import { benchMain } from '../../../benchmark/src/cli';
import { ConfigError, ExcludeMatcher, findConfig, loadConfigFile, type LoadedConfig } from '../config';
import { DEFAULT_SETTINGS, mergeSettings, type LintSettings } from '../engine';
import packageJson from '../../../package.json';
import { parseCliArgs, USAGE, UsageError, type CliOptions } from './args';
import { MissingPathError, selectFiles } from './files';
import { buildReport, displayPath, findingCount, type Report } from './format/report';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import { analyzeFiles } from './pool';

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/** The progress line appears only for runs long enough to need one. */
const PROGRESS_MIN_FILES = 200;

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliEnvironment {
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  /** The script worker threads run (the bundled CLI itself). */
  workerScript: string;
}

/** NO_COLOR and FORCE_COLOR are the conventions terminals and CI systems use. */
function useColor(option: boolean | undefined, stdout: OutputStream, env: NodeJS.ProcessEnv): boolean {
  if (option !== undefined) return option;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stdout.isTTY === true && env.TERM !== 'dumb';
}

function loadSettings(options: CliOptions, cwd: string): { settings: LintSettings; configs: LoadedConfig[] } {
  const configs: LoadedConfig[] = [];
  const discovered = findConfig(cwd);
  if (discovered) configs.push(discovered);
  if (options.config !== undefined) configs.push(loadConfigFile(path.resolve(cwd, options.config)));
  const settings = mergeSettings(DEFAULT_SETTINGS, ...configs.map((c) => c.settings), { rules: options.rules });
  return { settings, configs };
}

function progressLine(stderr: OutputStream, cwd: string): (done: number, total: number, file: string) => void {
  let last = 0;
  return (done, total, file) => {
    const now = Date.now();
    if (done < total && now - last < 50) return;
    last = now;
    const width = Math.max(20, (stderr.columns ?? 80) - 1);
    stderr.write(`\r\x1b[K${`[${done}/${total}] ${displayPath(file, cwd)}`.slice(0, width)}`);
  };
}

function render(report: Report, options: CliOptions, env: CliEnvironment): string {
  switch (options.format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report);
    default:
      return formatText(report, useColor(options.color, env.stdout, env.env));
  }
}

/** The config file --project names: the file itself, or a folder's tsconfig.json (as tsc -p reads it). */
function projectConfig(given: string): string | undefined {
  try {
    if (statSync(given).isFile()) return given;
    const inFolder = path.join(given, 'tsconfig.json');
    return statSync(inFolder).isFile() ? inFolder : undefined;
  } catch {
    return undefined;
  }
}

export async function runCli(argv: string[], env: CliEnvironment): Promise<number> {
  if (argv[0] === 'bench') return benchMain(argv.slice(1));
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    env.stderr.write(`concurrency-lint: ${e.message}\nRun "concurrency-lint --help" for usage.\n`);
    return EXIT_ERROR;
  }
  if (options.help) {
    env.stdout.write(USAGE);
    return EXIT_CLEAN;
  }
  if (options.version) {
    env.stdout.write(`${packageJson.version}\n`);
    return EXIT_CLEAN;
  }

  let settings: LintSettings;
  let configs: LoadedConfig[];
  try {
    ({ settings, configs } = loadSettings(options, env.cwd));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    env.stderr.write(`concurrency-lint: ${e.message}\n`);
    return EXIT_ERROR;
  }

  const bases = [...new Set([...configs.map((c) => c.root), env.cwd])];
  let selection;
  try {
    selection = selectFiles(options.paths, new ExcludeMatcher(settings.exclude, bases), env.cwd);
  } catch (e) {
    if (!(e instanceof MissingPathError)) throw e;
    env.stderr.write(`concurrency-lint: ${e.message}\n`);
    return EXIT_ERROR;
  }

  let tsProject: string | undefined;
  if (options.project !== undefined) {
    tsProject = projectConfig(path.resolve(env.cwd, options.project));
    if (!tsProject) {
      env.stderr.write(`concurrency-lint: --project: no tsconfig.json or jsconfig.json at ${options.project}\n`);
      return EXIT_ERROR;
    }
  }

  let files = selection.files;
  if (files.length === 0 && !options.quiet) env.stderr.write(`concurrency-lint: no Python, TypeScript or JavaScript files found in ${options.paths.join(', ')}\n`);
  if (!settings.enable) {
    const by = configs.filter((c) => c.settings.enable === false).pop();
    if (!options.quiet) env.stderr.write(`concurrency-lint: linting is turned off (enable = false in ${by ? displayPath(by.file, env.cwd) : 'the config'})\n`);
    files = [];
  }

  const showProgress = env.stderr.isTTY === true && files.length > PROGRESS_MIN_FILES;
  const results = await analyzeFiles(files, settings, {
    jobs: options.jobs,
    workerScript: env.workerScript,
    tsProject,
    onProgress: showProgress ? progressLine(env.stderr, env.cwd) : undefined,
  });
  if (showProgress) env.stderr.write('\r\x1b[K');

  const report = buildReport(results, selection.skipped, env.cwd, packageJson.version);
  for (const r of results) {
    for (const note of r.notes) env.stderr.write(`${displayPath(r.file, env.cwd)}: ${note}\n`);
  }
  if (!options.quiet) for (const s of report.skipped) env.stderr.write(`skipped ${s.display}: ${s.reason}\n`);
  for (const e of report.errors) env.stderr.write(`concurrency-lint: internal error while analyzing ${e.display}:\n${e.message}\n`);

  env.stdout.write(render(report, options, env));
  if (report.errors.length > 0) return EXIT_ERROR;
  return findingCount(report) > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}
