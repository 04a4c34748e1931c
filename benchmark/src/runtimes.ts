// Finds the command that runs each runner script, and asks the runtime to describe itself.
import * as path from 'node:path';
import type { RuntimeInfo, StartMethod } from './types';
import { RunnerFailed, runRunnerForInfo, type RunnerCommand } from './runnerProcess';

export function runnerScript(extensionRoot: string, runtime: 'python' | 'node'): string {
  return path.join(extensionRoot, 'benchmark', 'runners', runtime === 'python' ? 'python_bench.py' : 'node_bench.js');
}

/** Node runner: the current executable; inside the editor that is Electron, told to act as Node. */
export function nodeRunnerCommand(extensionRoot: string): RunnerCommand {
  return { command: process.execPath, args: [runnerScript(extensionRoot, 'node')], env: { ELECTRON_RUN_AS_NODE: '1' } };
}

export interface PythonCandidate {
  path: string;
  /** Where the path came from, for error messages: "setting", "Python extension", "PATH". */
  source: string;
}

export interface ResolvedRuntime {
  runner: RunnerCommand;
  info: RuntimeInfo;
}

/**
 * Tries each interpreter in order and returns the first that runs the runner's --info; the error
 * lists what was tried and why each failed.
 */
export async function resolvePython(
  extensionRoot: string,
  candidates: PythonCandidate[],
  startMethod?: StartMethod,
  signal?: AbortSignal,
): Promise<ResolvedRuntime> {
  const failures: string[] = [];
  for (const candidate of candidates) {
    const runner: RunnerCommand = { command: candidate.path, args: [runnerScript(extensionRoot, 'python')] };
    try {
      const event = await runRunnerForInfo(runner, startMethod ? ['--info', startMethod] : ['--info'], { timeoutMs: 15_000, signal });
      if (event.event !== 'info') throw new RunnerFailed(String(event.message ?? 'no runtime information'));
      const startMethods = Array.isArray(event.start_methods) ? event.start_methods : [];
      if (startMethod && !startMethods.includes(startMethod)) {
        throw new RunnerFailed(`start method "${startMethod}" is not available (available: ${startMethods.join(', ')})`);
      }
      // Run the interpreter itself from now on: launchers such as pyenv shims cost a shell script
      // per start, which would be counted in every measurement.
      const executable = typeof event.executable === 'string' && event.executable ? event.executable : candidate.path;
      return {
        runner: { ...runner, command: executable },
        info: {
          name: 'python',
          version: String(event.version),
          implementation: String(event.implementation),
          executable: String(event.executable),
          gil_enabled: typeof event.gil_enabled === 'boolean' ? event.gil_enabled : null,
          start_method: typeof event.start_method === 'string' ? event.start_method : null,
        },
      };
    } catch (error) {
      if (signal?.aborted) throw error;
      failures.push(`${candidate.path} (${candidate.source}): ${(error as Error).message}`);
    }
  }
  const tried = failures.length > 0 ? ` Tried: ${failures.join('; ')}.` : '';
  throw new RunnerFailed(
    `No working Python interpreter was found.${tried} Set "concurrencyLint.benchmark.pythonPath" to a Python 3 interpreter.`,
  );
}

/** python3 then python on PATH, after any explicitly configured path. */
export function defaultPythonCandidates(configured?: string): PythonCandidate[] {
  const candidates: PythonCandidate[] = [];
  if (configured?.trim()) candidates.push({ path: configured.trim(), source: 'setting' });
  candidates.push({ path: 'python3', source: 'PATH' }, { path: 'python', source: 'PATH' });
  return candidates;
}

export async function resolveNode(extensionRoot: string, signal?: AbortSignal): Promise<ResolvedRuntime> {
  const runner = nodeRunnerCommand(extensionRoot);
  const event = await runRunnerForInfo(runner, ['--info'], { timeoutMs: 15_000, signal });
  return {
    runner,
    info: {
      name: 'node',
      version: String(event.version),
      implementation: String(event.implementation),
      executable: String(event.executable),
      gil_enabled: null,
      start_method: null,
    },
  };
}
