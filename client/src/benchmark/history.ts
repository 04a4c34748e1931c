// Past runs, kept in the workspace state so the panel can compare a run with the previous one.
import type * as vscode from 'vscode';
import type { BenchmarkDocument } from '../../../benchmark/src/types';

const KEY = 'concurrencyLint.benchmark.runs';
const KEPT_RUNS = 10;

export function storedRuns(state: vscode.Memento): BenchmarkDocument[] {
  const runs = state.get<unknown>(KEY);
  return Array.isArray(runs) ? (runs.filter((r) => typeof r === 'object' && r !== null && Array.isArray((r as BenchmarkDocument).results)) as BenchmarkDocument[]) : [];
}

/** The latest earlier run of the same runtime, to compare against. */
export function previousRun(state: vscode.Memento, runtime: string): BenchmarkDocument | undefined {
  return storedRuns(state).find((r) => r.runtime?.name === runtime);
}

export async function rememberRun(state: vscode.Memento, document: BenchmarkDocument): Promise<void> {
  await state.update(KEY, [document, ...storedRuns(state)].slice(0, KEPT_RUNS));
}
