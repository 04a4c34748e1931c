// Settings shared by the editor, config files and the CLI, and the severity each rule ends up with.
import type { LintSettings, RuleMeta, RuleSetting, Severity } from './types';

export const DEFAULT_SETTINGS: LintSettings = { enable: true, rules: {}, exclude: [] };

export const RULE_SETTINGS: readonly RuleSetting[] = ['off', 'error', 'warning', 'info', 'hint'];

export function isRuleSetting(value: unknown): value is RuleSetting {
  return typeof value === 'string' && (RULE_SETTINGS as readonly string[]).includes(value);
}

/** The severity a rule runs with, or undefined when it is turned off. Ids and names both work. */
export function effectiveSeverity(meta: RuleMeta, settings: LintSettings): Severity | undefined {
  const configured = settings.rules[meta.id] ?? settings.rules[meta.name];
  if (configured === 'off') return undefined;
  return configured ?? meta.defaultSeverity;
}

/** Settings merged left to right: later sources override earlier ones, rule by rule. */
export function mergeSettings(...sources: Partial<LintSettings>[]): LintSettings {
  const out: LintSettings = { enable: true, rules: {}, exclude: [] };
  for (const s of sources) {
    if (s.enable !== undefined) out.enable = s.enable;
    if (s.rules) out.rules = { ...out.rules, ...s.rules };
    if (s.exclude) out.exclude = [...out.exclude, ...s.exclude];
  }
  return out;
}
