// Turns a parsed config object into settings, or says precisely what is wrong with it.
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ALL_RULES, RULE_SETTINGS, ruleById, type LintSettings, type RuleSetting } from '../engine';
import { CONFIG_KEYS, CONFIG_SCHEMA } from './schema';

/** A config file that cannot be used. The message names the file and the offending key. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.length === 1 ? problems[0] : `invalid configuration:\n  ${problems.join('\n  ')}`}`);
    this.name = 'ConfigError';
  }
}

// Loaded and compiled on first use: most runs (and every CLI worker thread) read no config file at
// all, and loading the validator alone takes longer than starting a worker's parser.
let validateShape: ValidateFunction | undefined;
function shapeValidator(): ValidateFunction {
  if (!validateShape) {
    const { default: Ajv } = require('ajv') as typeof import('ajv');
    validateShape = new Ajv({ allErrors: true, strict: true }).compile(CONFIG_SCHEMA);
  }
  return validateShape;
}

function keyPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (extra !== undefined) parts.push(extra);
  return parts.length === 0 ? 'the configuration' : parts.join('.');
}

function describe(error: ErrorObject, root: unknown): string {
  const where = keyPath(error.instancePath);
  const value = error.instancePath
    .split('/')
    .filter(Boolean)
    .reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as { additionalProperty: string }).additionalProperty);
      return `unknown key "${key}" (known keys: ${CONFIG_KEYS.join(', ')})`;
    }
    case 'enum': {
      const allowed = (error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(', ');
      return `${where}: ${JSON.stringify(value)} is not allowed; use one of ${allowed}`;
    }
    case 'type':
      return `${where}: expected ${(error.params as { type: string }).type}, got ${JSON.stringify(value)}`;
    default:
      return `${where}: ${error.message ?? 'invalid'}`;
  }
}

/**
 * Validates a config object and returns the settings it sets. Rule names are turned into rule ids,
 * so that a later source overriding `CL001` also overrides an earlier `unreleased-lock`.
 */
export function settingsFromConfig(value: unknown, file: string): Partial<LintSettings> {
  const validate = shapeValidator();
  if (!validate(value)) {
    const problems = [...new Set((validate.errors ?? []).map((e) => describe(e, value)))];
    throw new ConfigError(file, problems);
  }
  const config = value as { enable?: boolean; rules?: Record<string, RuleSetting>; exclude?: string[] };
  const settings: Partial<LintSettings> = {};
  if (config.enable !== undefined) settings.enable = config.enable;
  if (config.exclude !== undefined) settings.exclude = [...config.exclude];
  if (config.rules !== undefined) {
    const { rules, problems } = normalizeRules(config.rules);
    if (problems.length > 0) throw new ConfigError(file, problems);
    settings.rules = rules;
  }
  return settings;
}

/** Maps rule ids or names to rule ids; unknown rules are reported, not ignored (a typo would silently do nothing). */
export function normalizeRules(rules: Record<string, RuleSetting>): { rules: Record<string, RuleSetting>; problems: string[] } {
  const out: Record<string, RuleSetting> = {};
  const problems: string[] = [];
  for (const [key, setting] of Object.entries(rules)) {
    const meta = ruleById(key);
    if (!meta) problems.push(`rules.${key}: unknown rule (known rules: ${knownRules()})`);
    else out[meta.id] = setting;
  }
  return { rules: out, problems };
}

export function knownRules(): string {
  return ALL_RULES.map((r) => `${r.id} ${r.name}`).join(', ');
}

/** Parses `CL001=off` / `unreleased-lock=error` as given to `--rule`. */
export function parseRuleOption(option: string): { id: string; setting: RuleSetting } {
  const eq = option.indexOf('=');
  if (eq <= 0) throw new Error(`--rule expects RULE=SEVERITY (for example CL001=off), got "${option}"`);
  const key = option.slice(0, eq).trim();
  const setting = option.slice(eq + 1).trim();
  const meta = ruleById(key);
  if (!meta) throw new Error(`--rule ${option}: unknown rule "${key}" (known rules: ${knownRules()})`);
  if (!(RULE_SETTINGS as readonly string[]).includes(setting)) {
    throw new Error(`--rule ${option}: "${setting}" is not a severity; use one of ${RULE_SETTINGS.join(', ')}`);
  }
  return { id: meta.id, setting: setting as RuleSetting };
}
