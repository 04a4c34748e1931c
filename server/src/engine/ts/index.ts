// The TypeScript/JavaScript engine's public API. It carries the TypeScript compiler (~9 MB of
// JavaScript), so the server and the CLI load it only when a TS/JS file shows up: through
// loadTsEngine() (./load.ts), which reads the separate dist/ts-engine.js bundle built from this file.
export { TsAnalyzer, TS_DEFAULT_BUDGET_MS, TS_MAX_BYTES, mayMatterTs } from './analyzer';
export type { TsAnalysisResult, TsAnalyzerOptions } from './analyzer';
export { TS_EXTENSIONS, isTsAnalyzable } from './files';
export { TS_RULE_METAS } from './meta';
export { TS_RULES } from './rules';
export type { ProjectLimits } from './projects';
