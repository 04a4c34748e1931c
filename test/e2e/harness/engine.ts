// The engine's own fixes, applied to a file's text outside the editor: what the editor's result must equal.
import { readFileSync } from 'node:fs';
import { analyze, DEFAULT_SETTINGS, initEngine, suppressionFixFor } from '../../../server/src/engine';
import type { Finding, Fix } from '../../../server/src/engine';
import { applySafeFixes } from '../../../server/src/lsp/fixAll';
import { applyEdits } from '../../helpers/python';

export async function findingsOf(text: string): Promise<Finding[]> {
  await initEngine();
  return analyze(text, DEFAULT_SETTINGS).findings;
}

/** The finding of `ruleId` on a 1-based line of the file, with the text it was found in. */
export async function findingAt(file: string, ruleId: string, line: number): Promise<{ text: string; finding: Finding }> {
  const text = readFileSync(file, 'utf8');
  const finding = (await findingsOf(text)).find((f) => f.ruleId === ruleId && f.range.start.line === line - 1);
  if (!finding) throw new Error(`the engine reports no ${ruleId} on line ${line} of ${file}`);
  return { text, finding };
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

export function suppressed(text: string, finding: Finding): string {
  return applyFix(text, suppressionFixFor(finding, text));
}

export async function allSafeFixesApplied(text: string): Promise<string> {
  await initEngine();
  return applySafeFixes(text, (t) => analyze(t, DEFAULT_SETTINGS).findings);
}
