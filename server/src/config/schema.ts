// The shape of a config object: `[tool.concurrency-lint]` in pyproject.toml, or .concurrency-lint.json.
// Same keys as the editor's `concurrencyLint.*` settings, without the prefix.
import { RULE_SETTINGS } from '../engine';

export const CONFIG_KEYS = ['enable', 'run', 'rules', 'exclude'] as const;

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enable: { type: 'boolean' },
    // Only the editor schedules analysis; config files may carry the key so one file serves both.
    run: { enum: ['onType', 'onSave'] },
    rules: {
      type: 'object',
      additionalProperties: { enum: [...RULE_SETTINGS] },
    },
    exclude: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
} as const;
