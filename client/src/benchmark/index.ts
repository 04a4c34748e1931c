// The "Run Threads vs Processes Benchmark" command: ask, run with a cancellable progress
// notification and a live log, show the panel, keep the run for comparison.
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { exportDocument } from '../../../benchmark/src/exporters';
import { runBenchmark, measurementSteps } from '../../../benchmark/src/orchestrator';
import { BenchmarkCancelled } from '../../../benchmark/src/runnerProcess';
import { resolveNode, resolvePython } from '../../../benchmark/src/runtimes';
import type { BenchmarkDocument, BenchmarkPlan } from '../../../benchmark/src/types';
import { previousRun, rememberRun } from './history';
import { askForPlan } from './options';
import { BenchmarkPanel, type PanelRequest } from './panel';
import { pythonCandidates } from './pythonInterpreter';

export const RUN_BENCHMARK_COMMAND = 'concurrencyLint.runBenchmark';

const EXPORT_FILTERS: Record<'json' | 'csv' | 'markdown', Record<string, string[]>> = { json: { JSON: ['json'] }, csv: { CSV: ['csv'] }, markdown: { Markdown: ['md'] } };

export function registerBenchmark(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  // The live benchmark log gets a channel of its own in the benchmark-log language, so headings,
  // timings, memory and speedups are highlighted by the grammar the extension contributes.
  const benchLog = vscode.window.createOutputChannel('Concurrency Lint Benchmark', 'concurrency-lint-log');
  context.subscriptions.push(benchLog);
  let running: AbortController | undefined;
  let lastPlan: BenchmarkPlan | undefined;
  let lastDocument: BenchmarkDocument | undefined;

  const exportLast = async (format: 'json' | 'csv' | 'markdown'): Promise<void> => {
    if (!lastDocument) return void vscode.window.showInformationMessage('Run the benchmark first, then export it.');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `benchmark-${lastDocument.runtime.name}-${lastDocument.created_at.replace(/[:.]/g, '-')}.${format === 'markdown' ? 'md' : format}`;
    const target = await vscode.window.showSaveDialog({ defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined, filters: EXPORT_FILTERS[format] });
    if (!target) return;
    await writeFile(target.fsPath, exportDocument(lastDocument, format));
    log.info(`Benchmark: exported ${format} to ${target.fsPath}`);
  };

  const onPanelRequest = (request: PanelRequest): void => {
    if (request.type === 'cancel') running?.abort();
    else if (request.type === 'rerun') void run(lastPlan);
    else void exportLast(request.format).catch((error: Error) => vscode.window.showErrorMessage(`Benchmark export failed: ${error.message}`));
  };

  const run = async (plan: BenchmarkPlan | undefined): Promise<void> => {
    if (running) return void vscode.window.showInformationMessage('A benchmark is already running.');
    plan ??= await askForPlan();
    if (!plan) return;
    lastPlan = plan;
    const controller = new AbortController();
    running = controller;
    const panel = BenchmarkPanel.show(context.extensionUri, onPanelRequest);
    const closeListener = panel.onDidClose(() => controller.abort());
    const title = `${plan.runtime === 'python' ? 'Python' : 'Node.js'}: ${plan.workloads.join(', ')} (${plan.preset})`;
    log.info(`Benchmark started: ${title}`);
    benchLog.appendLine(`== Benchmark ${title} ==`);
    benchLog.show(true);
    try {
      const document = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Concurrency Lint benchmark', cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          const total = measurementSteps(plan).length;
          let reported = 0;
          panel.update({ type: 'running', progress: { done: 0, total, label: 'finding the runtime' }, title });
          const resource = vscode.window.activeTextEditor?.document.uri;
          const runtime =
            plan.runtime === 'python'
              ? await resolvePython(context.extensionPath, await pythonCandidates(resource, log), plan.startMethod, controller.signal)
              : await resolveNode(context.extensionPath, controller.signal);
          return runBenchmark(
            plan,
            runtime,
            {
              onLog: (line) => benchLog.appendLine(line),
              onProgress: (p) => {
                progress.report({ message: `${p.done}/${p.total} ${p.label}`, increment: ((p.done - reported) / p.total) * 100 });
                reported = p.done;
                panel.update({ type: 'running', progress: p, title });
              },
            },
            controller.signal,
          );
        },
      );
      const previous = previousRun(context.workspaceState, document.runtime.name);
      await rememberRun(context.workspaceState, document);
      lastDocument = document;
      for (const sentence of document.verdict) {
        log.info(`Verdict: ${sentence}`);
        benchLog.appendLine(`Verdict: ${sentence}`);
      }
      panel.update({ type: 'result', document, previous });
    } catch (error) {
      if (error instanceof BenchmarkCancelled) {
        log.info('Benchmark cancelled; every runner process was stopped.');
        benchLog.appendLine('warning: cancelled; every runner process was stopped.');
        panel.update({ type: 'failed', message: 'Cancelled. Every process the benchmark started was stopped.' });
      } else {
        const message = (error as Error).message;
        log.error(`Benchmark failed: ${message}`);
        benchLog.appendLine(`error: ${message}`);
        panel.update({ type: 'failed', message });
        void vscode.window.showErrorMessage(`Benchmark failed: ${message}`);
      }
    } finally {
      closeListener.dispose();
      running = undefined;
    }
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(RUN_BENCHMARK_COMMAND, () => run(undefined)),
    { dispose: () => running?.abort() },
  );
}
