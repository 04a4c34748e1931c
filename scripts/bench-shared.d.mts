// Types for bench-shared.mjs, for the TypeScript benchmark scripts that import it.
export interface BenchEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}
export function median(xs: number[]): number;
export function percentile(xs: number[], p: number): number;
export function stdlibPath(): string;
export function pythonFiles(dir: string): string[];
export function concurrencyFiles(files: string[]): string[];
export function bigFile(stdlib?: string): { text: string; lines: string[] };
export function benchEdits(lines: string[], count: number): Generator<BenchEdit>;
