// Which files the TypeScript/JavaScript analyzer reads. Kept apart from the analyzer so the server
// and the CLI can tell a TS/JS file without loading the TypeScript compiler.

export const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Source files only: declaration files (.d.ts, .d.mts, .d.cts) describe code, they do not run it. */
export function isTsAnalyzable(file: string): boolean {
  const lower = file.toLowerCase();
  return !lower.endsWith('.d.ts') && !/\.d\.[mc]ts$/.test(lower) && TS_EXTENSIONS.some((ext) => lower.endsWith(ext));
}
