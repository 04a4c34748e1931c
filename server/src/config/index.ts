// Config files shared by the CLI and the language server.
export { CONFIG_KEYS, CONFIG_SCHEMA } from './schema';
export { ConfigError, knownRules, normalizeRules, parseRuleOption, settingsFromConfig } from './validate';
export { findConfig, JSON_CONFIG_NAME, loadConfigFile, PYPROJECT_NAME, type LoadedConfig } from './load';
export { ExcludeMatcher } from './exclude';
