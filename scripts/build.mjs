// Bundles the client, the server and the CLI with esbuild and copies the grammar .wasm files
// next to them: at run time nothing outside dist/ is needed except `vscode`.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const outdir = 'dist';
mkdirSync(outdir, { recursive: true });

for (const asset of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
  copyFileSync(require.resolve(asset), path.join(outdir, path.basename(asset)));
}
// The TypeScript compiler finds its default library (lib.es2022.d.ts, ...) next to the file it runs
// from, which in the bundles is dist/ts-engine.js.
const typescriptLib = path.dirname(require.resolve('typescript'));
for (const file of readdirSync(typescriptLib).filter((f) => /^lib\..*\.d\.ts$/.test(f))) {
  copyFileSync(path.join(typescriptLib, file), path.join(outdir, file));
}
// The benchmark panel's chart library, loaded by the webview from dist/ (chart.js's exports map hides
// its dist files from require.resolve).
copyFileSync(path.join('node_modules', 'chart.js', 'dist', 'chart.umd.min.js'), path.join(outdir, 'chart.umd.min.js'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  // Less JavaScript to parse at every start (the CLI runs once per CI job, the server per editor
  // window); names are kept so stack traces and error names stay readable.
  minify: true,
  keepNames: true,
  logLevel: 'warning',
  // web-tree-sitter's ESM build reads import.meta.url, which is empty in a CommonJS bundle; its
  // CommonJS build locates itself with __dirname instead.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
};

const entries = [
  { entryPoints: { client: 'client/src/extension.ts' }, external: ['vscode'] },
  { entryPoints: { server: 'server/src/server.ts' } },
  { entryPoints: { cli: 'server/src/cli/main.ts' } },
  // The TypeScript/JavaScript engine with the TypeScript compiler: the server and the CLI load it only
  // when a TS/JS file shows up (server/src/engine/ts/load.ts), so Python-only work never pays for it.
  { entryPoints: { 'ts-engine': 'server/src/engine/ts/index.ts' } },
];

if (watch) {
  for (const e of entries) (await esbuild.context({ ...common, ...e, outdir })).watch();
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e, outdir })));
}
