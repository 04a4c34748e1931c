// The quick picks that turn a click into a benchmark plan.
import * as vscode from 'vscode';
import { buildPlan, planProblems } from '../../../benchmark/src/presets';
import type { BenchmarkPlan, PresetName, Runtime, StartMethod, Workload } from '../../../benchmark/src/types';

interface Pick<T> extends vscode.QuickPickItem {
  value: T;
}

function defaultRuntime(): Runtime {
  const language = vscode.window.activeTextEditor?.document.languageId;
  return language === 'typescript' || language === 'javascript' || language === 'typescriptreact' || language === 'javascriptreact' ? 'node' : 'python';
}

function parseCounts(text: string): number[] | undefined {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > 256)) return undefined;
  return parts.map(Number);
}

function wholeNumber(min: number, max: number) {
  return (text: string): string | undefined =>
    /^\d+$/.test(text.trim()) && Number(text) >= min && Number(text) <= max ? undefined : `Enter a whole number from ${min} to ${max}.`;
}

/** Asks for runtime, workloads and preset (and the custom values); undefined when the user backs out. */
export async function askForPlan(): Promise<BenchmarkPlan | undefined> {
  const preferred = defaultRuntime();
  const runtimes: Pick<Runtime>[] = [
    { label: 'Python', description: 'threads, processes, asyncio', value: 'python' },
    { label: 'Node.js', description: 'worker_threads, child_process', value: 'node' },
  ];
  // The active editor's language comes first.
  const ordered = [...runtimes.filter((r) => r.value === preferred), ...runtimes.filter((r) => r.value !== preferred)];
  const runtime = await vscode.window.showQuickPick(ordered, { title: 'Benchmark: runtime', ignoreFocusOut: true });
  if (!runtime) return undefined;

  const workloadItems: Pick<Workload>[] = [
    { label: 'CPU-bound', description: 'pure arithmetic split into tasks', value: 'cpu', picked: true },
    { label: 'I/O-bound', description: 'requests to a local server with a fixed latency', value: 'io', picked: true },
    { label: 'Mixed', description: 'a request, then computation on the answer', value: 'mixed' },
  ];
  const workloads = await vscode.window.showQuickPick(workloadItems, { title: 'Benchmark: workloads', canPickMany: true, ignoreFocusOut: true });
  if (!workloads || workloads.length === 0) return undefined;

  const presets: Pick<PresetName>[] = [
    { label: 'Quick', description: 'about 25 seconds', value: 'quick' },
    { label: 'Standard', description: 'about 2 minutes, more worker counts', value: 'standard' },
    { label: 'Custom', description: 'worker counts, tasks, repeats, start method', value: 'custom' },
  ];
  const preset = await vscode.window.showQuickPick(presets, { title: 'Benchmark: size', ignoreFocusOut: true });
  if (!preset) return undefined;
  const chosenWorkloads = workloads.map((w) => w.value);
  if (preset.value !== 'custom') return buildPlan(runtime.value, preset.value, { workloads: chosenWorkloads });

  const countsText = await vscode.window.showInputBox({
    title: 'Benchmark: worker counts',
    value: '1,2,4,8,16,64',
    prompt: 'Comma-separated worker counts (1–256)',
    validateInput: (text) => (parseCounts(text) ? undefined : 'Enter worker counts like 1,2,4,8.'),
    ignoreFocusOut: true,
  });
  if (countsText === undefined) return undefined;
  const tasksText = await vscode.window.showInputBox({ title: 'Benchmark: tasks per workload', value: '64', validateInput: wholeNumber(1, 100_000), ignoreFocusOut: true });
  if (tasksText === undefined) return undefined;
  const repeatText = await vscode.window.showInputBox({ title: 'Benchmark: repeats', value: '3', validateInput: wholeNumber(1, 20), ignoreFocusOut: true });
  if (repeatText === undefined) return undefined;
  let startMethod: StartMethod | undefined;
  if (runtime.value === 'python') {
    const methods: Pick<StartMethod | undefined>[] = [
      { label: 'Default', description: "the platform's default", value: undefined },
      { label: 'fork', value: 'fork' },
      { label: 'spawn', value: 'spawn' },
      { label: 'forkserver', value: 'forkserver' },
    ];
    const method = await vscode.window.showQuickPick(methods, { title: 'Benchmark: process start method', ignoreFocusOut: true });
    if (!method) return undefined;
    startMethod = method.value;
  }
  const plan = buildPlan(runtime.value, 'custom', {
    workloads: chosenWorkloads,
    workers: parseCounts(countsText),
    tasks: Number(tasksText),
    repeat: Number(repeatText),
    startMethod,
  });
  const problems = planProblems(plan);
  if (problems.length > 0) {
    void vscode.window.showErrorMessage(`Benchmark: ${problems.join('; ')}`);
    return undefined;
  }
  return plan;
}
