// The TypeScript/JavaScript benchmark on its own: a thin wrapper over scripts/bench-lint-ts.mjs, which
// `npm run bench:lint` also calls as its TS section. Run by hand, after a build.
// Usage: node scripts/bench-ts.mjs [--runs N] [name@version ...]
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchTypeScript, TS_BENCH_PACKAGES } from './bench-lint-ts.mjs';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) || 3 : 3;
const packages = args.filter((a, i) => !a.startsWith('--') && (runsAt < 0 || i !== runsAt + 1));
const results = await benchTypeScript({ runs, packages: packages.length > 0 ? packages : TS_BENCH_PACKAGES });
const benchDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '.bench');
mkdirSync(benchDir, { recursive: true });
writeFileSync(path.join(benchDir, 'ts-results.json'), JSON.stringify(results, null, 2));
console.log('\nwritten to .bench/ts-results.json');
