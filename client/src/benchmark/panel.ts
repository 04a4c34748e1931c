// The result panel: a webview drawing charts with the locally shipped Chart.js, under a strict
// Content-Security-Policy (nonce-bound scripts, nothing from the network).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExportFormat } from '../../../benchmark/src/exporters';
import type { BenchmarkDocument, BenchmarkProgress } from '../../../benchmark/src/types';

export type PanelRequest = { type: 'rerun' } | { type: 'cancel' } | { type: 'export'; format: Exclude<ExportFormat, 'table'> };

export type PanelUpdate =
  | { type: 'running'; progress: BenchmarkProgress; title: string }
  | { type: 'result'; document: BenchmarkDocument; previous?: BenchmarkDocument }
  | { type: 'failed'; message: string };

function isPanelRequest(message: unknown): message is PanelRequest {
  if (typeof message !== 'object' || message === null) return false;
  const { type, format } = message as { type?: unknown; format?: unknown };
  return type === 'rerun' || type === 'cancel' || (type === 'export' && (format === 'json' || format === 'csv' || format === 'markdown'));
}

export class BenchmarkPanel {
  private static current: BenchmarkPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private lastUpdate: PanelUpdate | undefined;
  private closed = false;
  /** Fires when the user closes the panel; a running benchmark is cancelled then. */
  readonly onDidClose: vscode.Event<void>;
  private readonly closeEmitter = new vscode.EventEmitter<void>();

  static show(extensionUri: vscode.Uri, onRequest: (request: PanelRequest) => void): BenchmarkPanel {
    if (BenchmarkPanel.current && !BenchmarkPanel.current.closed) {
      BenchmarkPanel.current.panel.reveal(undefined, true);
      BenchmarkPanel.current.onRequest = onRequest;
      return BenchmarkPanel.current;
    }
    const panel = vscode.window.createWebviewPanel('concurrencyLint.benchmark', 'Threads vs Processes', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'benchmark', 'media')],
    });
    BenchmarkPanel.current = new BenchmarkPanel(panel, extensionUri, onRequest);
    return BenchmarkPanel.current;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private onRequest: (request: PanelRequest) => void,
  ) {
    this.onDidClose = this.closeEmitter.event;
    panel.webview.html = this.html(extensionUri);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => {
        if (message === 'ready' && this.lastUpdate) void panel.webview.postMessage(this.lastUpdate);
        else if (isPanelRequest(message)) this.onRequest(message);
      }),
      panel.onDidDispose(() => {
        this.closed = true;
        this.closeEmitter.fire();
        for (const d of this.disposables) d.dispose();
        this.closeEmitter.dispose();
      }),
    );
  }

  get isClosed(): boolean {
    return this.closed;
  }

  update(update: PanelUpdate): void {
    if (this.closed) return;
    this.lastUpdate = update;
    void this.panel.webview.postMessage(update);
  }

  private html(extensionUri: vscode.Uri): string {
    const webview = this.panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const chartJs = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'chart.umd.min.js'));
    const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'benchmark', 'media', 'panel.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'benchmark', 'media', 'panel.css'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Threads vs Processes</title>
</head>
<body>
<header>
  <h1>Threads vs processes</h1>
  <div class="actions">
    <button id="rerun">Rerun</button>
    <button id="cancel" hidden>Cancel</button>
    <button id="export-json" class="secondary">Export JSON</button>
    <button id="export-csv" class="secondary">Export CSV</button>
    <button id="export-markdown" class="secondary">Export Markdown</button>
  </div>
</header>
<p id="status" role="status">Waiting for the benchmark…</p>
<section id="verdict" aria-label="Verdict"></section>
<section id="charts"></section>
<section id="table"></section>
<script nonce="${nonce}" src="${chartJs}"></script>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }
}
