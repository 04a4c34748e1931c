// The VS Code side of Concurrency Lint: starts the language server (dist/server.js, over IPC) for
// Python, TypeScript and JavaScript documents, and registers the commands, the status bar item and
// the benchmark. The server asks for the file watching it needs (tsconfig/jsconfig and TS/JS
// sources, once a TS/JS document is open) through dynamic registration.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { registerBenchmark } from './benchmark';
import { showDocumentation } from './documentation';
import { FindingsStatus } from './status';

const SHOW_DOCUMENTATION = 'concurrencyLint.showDocumentation';

/** The languages the server lints; package.json's activationEvents list the same. */
const LANGUAGES = ['python', 'typescript', 'typescriptreact', 'javascript', 'javascriptreact'];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Concurrency Lint', { log: true });
  const status = new FindingsStatus();
  context.subscriptions.push(log, status);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    outputChannel: log,
    synchronize: { configurationSection: 'concurrencyLint' },
    diagnosticPullOptions: { onChange: true, onSave: true },
    // The extension opens the bundled docs itself; the server need not register the command.
    initializationOptions: { clientCommands: [SHOW_DOCUMENTATION] },
  };
  // The id makes the client honour the `concurrencyLint.trace.server` setting.
  const languageClient = new LanguageClient('concurrencyLint', 'Concurrency Lint', serverOptions, clientOptions);
  client = languageClient;
  context.subscriptions.push(languageClient.onDidChangeState((event) => status.setClientState(event.newState)));

  context.subscriptions.push(
    vscode.commands.registerCommand('concurrencyLint.restartServer', async () => {
      log.info('Restarting the server');
      try {
        if (languageClient.isRunning()) await languageClient.restart();
        else await languageClient.start();
      } catch (error) {
        log.error(`The server failed to restart: ${String(error)}`);
        void vscode.window.showErrorMessage('Concurrency Lint: the server failed to restart. See the output for details.');
      }
    }),
    vscode.commands.registerCommand('concurrencyLint.showOutput', () => log.show(true)),
    vscode.commands.registerCommand(SHOW_DOCUMENTATION, (ruleId?: unknown) => showDocumentation(context.extensionUri, log, ruleId)),
  );

  registerBenchmark(context, log);

  try {
    await languageClient.start();
  } catch (error) {
    log.error(`The server failed to start: ${String(error)}`);
    void vscode.window.showErrorMessage('Concurrency Lint: the server failed to start. See the output for details.');
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
