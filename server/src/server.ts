// The Concurrency Lint language server. Runs inside VS Code (IPC) and standalone for any LSP
// client: `node dist/server.js --stdio` or `--node-ipc` (createConnection reads the transport from argv).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { LintServer } from './lsp/lintServer';

new LintServer(createConnection(ProposedFeatures.all)).listen();
