// The `concurrencyLint` settings section as the editor sends it, checked and turned into the
// engine's LintSettings plus the server-only `run` mode. Settings are resource-scoped: each
// document asks for its own (workspace/configuration with its uri as scope).
import type { Connection } from 'vscode-languageserver';
import { DEFAULT_SETTINGS, isRuleSetting, ruleById } from '../engine';
import type { LintSettings, RuleSetting } from '../engine';

export const SETTINGS_SECTION = 'concurrencyLint';

/** `onType`: analyze as the user types (debounced); `onSave`: only on open and save. */
export type RunMode = 'onType' | 'onSave';

export interface DocumentSettings {
  lint: LintSettings;
  run: RunMode;
}

export const DEFAULT_DOCUMENT_SETTINGS: DocumentSettings = { lint: DEFAULT_SETTINGS, run: 'onType' };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a settings section; every invalid value is reported through `warn` and replaced by its default. */
export function parseSettings(raw: unknown, warn: (message: string) => void): DocumentSettings {
  if (raw === undefined || raw === null) return DEFAULT_DOCUMENT_SETTINGS;
  if (!isRecord(raw)) {
    warn(`${SETTINGS_SECTION} should be an object; using the defaults`);
    return DEFAULT_DOCUMENT_SETTINGS;
  }
  const lint: LintSettings = { enable: DEFAULT_SETTINGS.enable, rules: {}, exclude: [] };
  let run: RunMode = DEFAULT_DOCUMENT_SETTINGS.run;

  if (typeof raw.enable === 'boolean') lint.enable = raw.enable;
  else if (raw.enable !== undefined) warn(`${SETTINGS_SECTION}.enable should be true or false`);

  if (raw.run === 'onType' || raw.run === 'onSave') run = raw.run;
  else if (raw.run !== undefined) warn(`${SETTINGS_SECTION}.run should be "onType" or "onSave", not ${JSON.stringify(raw.run)}`);

  if (isRecord(raw.rules)) {
    for (const [key, value] of Object.entries(raw.rules)) {
      if (!ruleById(key)) warn(`${SETTINGS_SECTION}.rules: unknown rule "${key}"`);
      else if (!isRuleSetting(value)) warn(`${SETTINGS_SECTION}.rules.${key} should be off, error, warning, info or hint`);
      else lint.rules[/^cl\d+$/i.test(key) ? key.toUpperCase() : key] = value as RuleSetting;
    }
  } else if (raw.rules !== undefined) warn(`${SETTINGS_SECTION}.rules should be an object of rule id -> severity`);

  if (Array.isArray(raw.exclude)) {
    for (const glob of raw.exclude) {
      if (typeof glob === 'string' && glob.trim()) lint.exclude.push(glob.trim());
      else warn(`${SETTINGS_SECTION}.exclude should hold glob strings, not ${JSON.stringify(glob)}`);
    }
  } else if (raw.exclude !== undefined) warn(`${SETTINGS_SECTION}.exclude should be a list of globs`);

  return { lint, run };
}

/**
 * Settings per document uri, fetched from the client once and kept until the configuration
 * changes. Clients without workspace/configuration get what their didChangeConfiguration sent.
 */
export class SettingsStore {
  private readonly byUri = new Map<string, Promise<DocumentSettings>>();
  private pushed: DocumentSettings = DEFAULT_DOCUMENT_SETTINGS;
  private readonly warned = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: boolean,
  ) {}

  get(uri: string): Promise<DocumentSettings> {
    if (!this.canPull) return Promise.resolve(this.pushed);
    let settings = this.byUri.get(uri);
    if (!settings) {
      settings = this.connection.workspace
        .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
        .then(
          (raw: unknown) => parseSettings(raw, (m) => this.warnOnce(m)),
          (error: unknown) => {
            this.connection.console.error(`Could not read the ${SETTINGS_SECTION} settings: ${String(error)}; using the defaults`);
            return DEFAULT_DOCUMENT_SETTINGS;
          },
        );
      this.byUri.set(uri, settings);
    }
    return settings;
  }

  /** The configuration changed: forget every cached value. `sent` is didChangeConfiguration's payload. */
  invalidate(sent: unknown): void {
    this.byUri.clear();
    this.warned.clear();
    if (!this.canPull) {
      const section = isRecord(sent) ? sent[SETTINGS_SECTION] : undefined;
      this.pushed = parseSettings(section, (m) => this.warnOnce(m));
    }
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.connection.console.warn(`Settings: ${message}`);
  }
}
