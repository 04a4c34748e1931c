// Command-line options of `concurrency-lint`.
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { parseRuleOption } from '../config';
import type { RuleSetting } from '../engine';

export type OutputFormat = 'text' | 'json' | 'sarif';
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export interface CliOptions {
  paths: string[];
  format: OutputFormat;
  /** rule id -> setting, from --rule flags (they override every config file). */
  rules: Record<string, RuleSetting>;
  config?: string;
  /** --project: the tsconfig/jsconfig (or its folder) every TS/JS file is analyzed with. */
  project?: string;
  jobs: number;
  /** undefined: colour when stdout is a terminal. */
  color?: boolean;
  quiet: boolean;
  help: boolean;
  version: boolean;
}

/** A mistake in how the CLI was called: reported with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: concurrency-lint [options] [files or folders...]
       concurrency-lint bench [options]     (run the threads-vs-processes benchmark; see bench --help)

Finds concurrency bugs in Python, TypeScript and JavaScript files (.py .pyw .pyi .ts .tsx .mts .cts
.js .jsx .mjs .cjs). Folders are searched recursively; .git, node_modules, virtualenvs and
__pycache__ are skipped, as are files matching the "exclude" globs of the config. With no paths,
the current folder is linted. TS/JS files are analyzed with the types of their project: the nearest
tsconfig.json or jsconfig.json above each file, or loose files' inferred types.

Options:
  --format text|json|sarif   output format (default: text)
  --rule RULE=SEVERITY       override a rule: RULE is an id (CL001) or a name (unreleased-lock),
                             SEVERITY is off, error, warning, info or hint; repeatable
  --config FILE              read settings from FILE (a .json file, or a .toml file with a
                             [tool.concurrency-lint] table) on top of the discovered config
  --project TSCONFIG         analyze every TS/JS file with this tsconfig.json or jsconfig.json
                             (or the tsconfig.json in this folder) instead of the nearest one
  --jobs N                   files analyzed in parallel (default: the number of cores)
  --color, --no-color        force colours on or off (default: on when stdout is a terminal)
  --quiet                    do not report skipped files on stderr
  --help                     show this help
  --version                  show the version

Config: [tool.concurrency-lint] in pyproject.toml or .concurrency-lint.json, the nearest one found
from the current folder upward (.concurrency-lint.json wins when both are in one folder). Keys:
enable, rules, exclude. Precedence: defaults < discovered config < --config < --rule.

Exit codes: 0 no findings, 1 findings, 2 usage error, invalid config or internal error.
`;

function parseJobs(value: string | undefined): number {
  if (value === undefined) return availableParallelism();
  const jobs = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(jobs) || jobs < 1) {
    throw new UsageError(`--jobs expects a whole number of at least 1, got "${value}"`);
  }
  return jobs;
}

export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        rule: { type: 'string', multiple: true },
        config: { type: 'string' },
        project: { type: 'string' },
        jobs: { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  const format = (values.format ?? 'text') as OutputFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format expects one of ${FORMATS.join(', ')}, got "${values.format}"`);
  const rules: Record<string, RuleSetting> = {};
  for (const option of values.rule ?? []) {
    try {
      const { id, setting } = parseRuleOption(option);
      rules[id] = setting;
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  if (values.color && values['no-color']) throw new UsageError('--color and --no-color contradict each other');
  if (values.config !== undefined && values.config === '') throw new UsageError('--config expects a file name');
  if (values.project !== undefined && values.project === '') throw new UsageError('--project expects a tsconfig.json or jsconfig.json file');
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    format,
    rules,
    config: values.config,
    project: values.project,
    jobs: parseJobs(values.jobs),
    color: values.color ? true : values['no-color'] ? false : undefined,
    quiet: values.quiet ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
