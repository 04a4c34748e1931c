// "Show documentation for CLxxx": opens the rule's page bundled in the extension (docs/rules/),
// rendered by the built-in Markdown preview, or as text where the preview is unavailable.
import * as vscode from 'vscode';

const RULE_ID = /^CL\d{3}$/;

/** The bundled rule pages, for a pick list when the command is run without a rule id. */
async function pickRule(docsFolder: vscode.Uri): Promise<string | undefined> {
  let entries: [string, vscode.FileType][] = [];
  try {
    entries = await vscode.workspace.fs.readDirectory(docsFolder);
  } catch {
    // No docs folder: the pick list is empty and the message below says so.
  }
  const ids = entries.map(([name]) => name.replace(/\.md$/, '')).filter((id) => RULE_ID.test(id)).sort();
  if (ids.length === 0) {
    void vscode.window.showErrorMessage('Concurrency Lint: no rule documentation is bundled with this installation.');
    return undefined;
  }
  return vscode.window.showQuickPick(ids, { title: 'Concurrency Lint: show the documentation of a rule', placeHolder: 'CL001' });
}

export async function showDocumentation(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, ruleId?: unknown): Promise<void> {
  const docsFolder = vscode.Uri.joinPath(extensionUri, 'docs', 'rules');
  const id = typeof ruleId === 'string' ? ruleId.toUpperCase() : await pickRule(docsFolder);
  if (!id) return;
  if (!RULE_ID.test(id)) {
    void vscode.window.showErrorMessage(`Concurrency Lint: "${id}" is not a rule id (expected CL001, CL002, ...).`);
    return;
  }
  const page = vscode.Uri.joinPath(docsFolder, `${id}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showErrorMessage(`Concurrency Lint: there is no documentation page for ${id}.`);
    return;
  }
  try {
    await vscode.commands.executeCommand('markdown.showPreview', page);
  } catch (error) {
    log.info(`Markdown preview unavailable (${String(error)}); opening ${id}.md as text`);
    await vscode.window.showTextDocument(page, { preview: true });
  }
}
