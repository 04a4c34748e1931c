// The status bar item: whether the server runs, and how many Concurrency Lint findings the
// workspace has right now. Clicking it opens the Problems panel.
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';

export const DIAGNOSTIC_SOURCE = 'concurrency-lint';

type ServerState = 'starting' | 'running' | 'stopped';

export class FindingsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('concurrencyLint.status', vscode.StatusBarAlignment.Right, 100);
  private readonly countsByUri = new Map<string, number>();
  private readonly listener: vscode.Disposable;
  private state: ServerState = 'starting';

  constructor() {
    this.item.name = 'Concurrency Lint';
    this.item.command = 'workbench.actions.view.problems';
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) this.count(uri, diagnostics);
    // Recount only the documents whose diagnostics changed: a full rescan per event would cost
    // as much as the workspace's whole problem list on every keystroke.
    this.listener = vscode.languages.onDidChangeDiagnostics((event) => {
      for (const uri of event.uris) this.count(uri, vscode.languages.getDiagnostics(uri));
      this.render();
    });
    this.render();
    this.item.show();
  }

  /** Follows the language client's state. */
  setClientState(state: State): void {
    this.state = state === State.Running ? 'running' : state === State.Starting ? 'starting' : 'stopped';
    this.render();
  }

  get findings(): number {
    let total = 0;
    for (const n of this.countsByUri.values()) total += n;
    return total;
  }

  private count(uri: vscode.Uri, diagnostics: readonly vscode.Diagnostic[]): void {
    const ours = diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE).length;
    if (ours > 0) this.countsByUri.set(uri.toString(), ours);
    else this.countsByUri.delete(uri.toString());
  }

  private render(): void {
    const findings = this.findings;
    const noun = findings === 1 ? 'finding' : 'findings';
    this.item.backgroundColor = undefined;
    switch (this.state) {
      case 'starting':
        this.item.text = '$(loading~spin) Concurrency Lint';
        this.item.tooltip = 'Concurrency Lint: the server is starting';
        break;
      case 'stopped':
        this.item.text = '$(circle-slash) Concurrency Lint';
        this.item.tooltip = 'Concurrency Lint: the server is stopped. Run "Concurrency Lint: Restart Server" to start it again.';
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'running':
        this.item.text = findings > 0 ? `$(warning) Concurrency Lint: ${findings}` : '$(check) Concurrency Lint';
        this.item.tooltip = `Concurrency Lint: the server is running; ${findings} ${noun} in the workspace. Click to open the Problems panel.`;
        break;
    }
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}
