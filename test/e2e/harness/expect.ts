// Comparisons between what the editor shows and what the command line or the engine says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { session } from '../hooks';
import type { Marker, Workbench } from './workbench';
import { cliMarkers } from './workspace';

/** How much of a message must match: the panel shows it whole, but a prefix says which finding it is. */
export const MESSAGE_START = 60;

/** One line per marker, in a fixed order (the panel's order among findings at one position is its own). */
export function comparable(markers: readonly Marker[]): string[] {
  return markers
    .map((m) => `${String(m.line).padStart(6)}:${String(m.column).padStart(4)} ${m.code} ${m.message.slice(0, MESSAGE_START)}`)
    .sort();
}

/**
 * Waits until the file on disk has the expected text (a save reaches the disk through code-server a
 * moment after the editor shows it saved); fails with the difference.
 */
export async function expectSavedText(workbench: Workbench, file: string, expected: string): Promise<void> {
  let text = '';
  try {
    await workbench.until(`${file} to be saved with the expected text`, async () => {
      text = readFileSync(file, 'utf8');
      return text === expected ? true : undefined;
    }, 30_000);
  } catch (error) {
    assert.equal(text, expected, (error as Error).message);
    throw error;
  }
}

/**
 * Types `typed` on a new line after the line `after` of the open file (the editor indents it by
 * `indent`), saves, and waits for the saved text, which it returns.
 */
export async function typeNewLineAfter(workbench: Workbench, file: string, text: string, after: string, typed: string, indent: number): Promise<string> {
  const line = text.split('\n').indexOf(after) + 1;
  assert.ok(line > 0, `the line to type after is in ${file}`);
  await workbench.goTo(line, after.length + 1);
  await workbench.page.keyboard.press('Enter');
  await workbench.page.keyboard.type(typed);
  // Closes a suggestion widget, so the save gets the typed text.
  await workbench.page.keyboard.press('Escape');
  await workbench.save();
  const saved = text.replace(`${after}\n`, `${after}\n${' '.repeat(indent)}${typed}\n`);
  await expectSavedText(workbench, file, saved);
  return saved;
}

/** One typing step: a new line with `typed` after the line `after`, and the rule codes the CLI then reports. */
export interface TypingStep {
  after: string;
  typed: string;
  indent: number;
  codes: string[];
}

/**
 * Types each step in the open file `file` (shown as `fileName`) and saves; after each, the CLI's
 * findings must have the step's codes and differ from the step before (`before`: what the CLI said
 * first), and the Problems panel must list them.
 */
async function typeStepsMatchingCli(
  workbench: Workbench,
  file: string,
  fileName: string,
  before: readonly Marker[],
  steps: readonly TypingStep[],
): Promise<void> {
  let text = readFileSync(file, 'utf8');
  let previous = JSON.stringify(before);
  for (const step of steps) {
    text = await typeNewLineAfter(workbench, file, text, step.after, step.typed, step.indent);
    const markers = cliMarkers(file);
    assert.deepEqual(markers.map((m) => m.code), step.codes, `the CLI after typing ${step.typed}`);
    assert.notEqual(JSON.stringify(markers), previous, 'each step changes what the CLI reports');
    previous = JSON.stringify(markers);
    await expectProblems(workbench, fileName, markers);
  }
}

/**
 * A typing scenario on the workspace file `fileName`: the CLI must first report `firstCodes`, the
 * Problems panel must show the same, then each step is typed and held to the CLI
 * (typeStepsMatchingCli); a screenshot is kept at the end.
 */
export async function typingScenario(fileName: string, firstCodes: string[], steps: readonly TypingStep[], screenshot: string): Promise<void> {
  const { workbench, workspace } = session();
  const file = path.join(workspace, fileName);
  const first = cliMarkers(file);
  assert.deepEqual(first.map((m) => m.code), firstCodes, `what the CLI reports in ${fileName} before typing`);
  await workbench.openFile(fileName);
  await expectProblems(workbench, fileName, first);
  await typeStepsMatchingCli(workbench, file, fileName, first, steps);
  await workbench.screenshot(screenshot);
}

/** Waits until the Problems panel lists exactly `expected` for the file; fails with the difference. */
export async function expectProblems(workbench: Workbench, fileName: string, expected: readonly Marker[]): Promise<void> {
  let shown: Marker[] = [];
  try {
    await workbench.until(`the Problems panel to list ${expected.length} finding(s) for ${fileName}`, async () => {
      shown = await workbench.problems(fileName);
      return JSON.stringify(comparable(shown)) === JSON.stringify(comparable(expected)) ? true : undefined;
    });
  } catch (error) {
    assert.deepEqual(comparable(shown), comparable(expected), (error as Error).message);
    throw error;
  }
}

/** Waits until every anchor line in the rendered part of the editor carries a squiggle, and no other line does. */
export async function expectSquiggles(workbench: Workbench, expected: readonly Marker[]): Promise<void> {
  let last = '';
  await workbench.until('squiggles on exactly the visible anchor lines', async () => {
    const { first, last: lastRendered } = await workbench.renderedLines();
    const wanted = [...new Set(expected.map((m) => m.line).filter((line) => line >= first && line <= lastRendered))].sort((a, b) => a - b);
    const squiggled = [...new Set((await workbench.squiggleLines()).map((s) => s.line))];
    last = `rendered ${first}-${lastRendered}, squiggles on ${squiggled.join(',')}, anchors ${wanted.join(',')}`;
    return wanted.length > 0 && JSON.stringify(squiggled) === JSON.stringify(wanted) ? true : undefined;
  }).catch((error: Error) => {
    throw new Error(`${error.message} (${last})`);
  });
}
