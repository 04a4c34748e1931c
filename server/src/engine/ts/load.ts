// Loads the TypeScript/JavaScript engine on first use. In the bundles (dist/server.js, dist/cli.js)
// it is the separate dist/ts-engine.js next to them: the require below takes a computed path, so
// esbuild leaves it alone and the compiler stays out of the main bundles. Run from sources (tests
// under tsx), the same require reads ./index.ts.
import path from 'node:path';

export type TsEngine = typeof import('./index');

/** The bundle's file name in dist/, as scripts/build.mjs writes it. */
export const TS_ENGINE_BUNDLE = 'ts-engine.js';

let engine: TsEngine | undefined;

/** The engine module, loaded (synchronously) the first time it is asked for. Throws when it cannot be loaded. */
export function loadTsEngine(): TsEngine {
  engine ??= require(modulePath()) as TsEngine;
  return engine;
}

/** Whether the engine has been loaded already (nothing to notify it of otherwise). */
export function isTsEngineLoaded(): boolean {
  return engine !== undefined;
}

function modulePath(): string {
  const fromSources = path.extname(__filename) === '.ts';
  return path.join(__dirname, fromSources ? 'index' : TS_ENGINE_BUNDLE);
}
