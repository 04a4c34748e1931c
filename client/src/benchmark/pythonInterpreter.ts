// Which Python the benchmark runs: the setting, else the interpreter selected in the Python
// extension (through its public API), else python3/python on PATH.
import * as vscode from 'vscode';
import type { PythonCandidate } from '../../../benchmark/src/runtimes';

/** The part of the Python extension's exported API that we use; every member may be missing. */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath?: (resource?: vscode.Uri) => { path?: unknown } | undefined;
    resolveEnvironment?: (environment: unknown) => Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
}

async function pythonExtensionInterpreter(resource: vscode.Uri | undefined, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!extension) return undefined;
  try {
    const api = extension.isActive ? extension.exports : await extension.activate();
    const environments = api?.environments;
    const active = environments?.getActiveEnvironmentPath?.(resource);
    if (!active) return undefined;
    const resolved = await environments?.resolveEnvironment?.(active);
    const executable = resolved?.executable?.uri?.fsPath;
    if (typeof executable === 'string' && executable) return executable;
    return typeof active.path === 'string' && active.path ? active.path : undefined;
  } catch (error) {
    log.warn(`Benchmark: could not ask the Python extension for its interpreter: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * In an untrusted workspace an interpreter path from the workspace's own settings could run anything,
 * so only the user's (global) setting is honoured there.
 */
function configuredPythonPath(resource: vscode.Uri | undefined): string | undefined {
  const inspected = vscode.workspace.getConfiguration('concurrencyLint.benchmark', resource).inspect<string>('pythonPath');
  const value = vscode.workspace.isTrusted
    ? (inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue)
    : inspected?.globalValue;
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export async function pythonCandidates(resource: vscode.Uri | undefined, log: vscode.LogOutputChannel): Promise<PythonCandidate[]> {
  const candidates: PythonCandidate[] = [];
  const configured = configuredPythonPath(resource);
  if (configured) candidates.push({ path: configured, source: 'setting concurrencyLint.benchmark.pythonPath' });
  const fromExtension = await pythonExtensionInterpreter(resource, log);
  if (fromExtension) candidates.push({ path: fromExtension, source: 'Python extension' });
  candidates.push({ path: 'python3', source: 'PATH' }, { path: 'python', source: 'PATH' });
  return candidates;
}
