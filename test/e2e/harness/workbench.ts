// Drives the VS Code workbench (code-server in headless Chromium) the way a user does: keyboard
// shortcuts, the command palette, the quick fix menu, the Problems panel. Every wait is a wait for a
// condition with a generous limit, because the machine running the suite may be heavily loaded.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { PageElement } from './dom';

export const WAIT_MS = 180_000;

/** The diagnostics' source: the Problems panel shows it next to the rule code. */
export const OUR_SOURCE = 'concurrency-lint';

/** One of our diagnostics as the Problems panel shows it. */
export interface Marker {
  code: string;
  /** 1-based, as shown. */
  line: number;
  column: number;
  message: string;
}

export interface SquiggleLine {
  line: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
}

/** `[Ln 18, Col 9]` and the code above it, in a marker row's text (message, source, code, position). */
function parseMarkerRow(text: string): Marker | undefined {
  const parts = text.split('\n').map((p) => p.trim()).filter(Boolean);
  const position = /^\[Ln (\d+), Col (\d+)\]$/.exec(parts.at(-1) ?? '');
  if (!position || parts.length < 4) return undefined;
  return { code: parts.at(-2) ?? '', line: Number(position[1]), column: Number(position[2]), message: parts.slice(0, -3).join(' ') };
}

export class Workbench {
  private shots = 0;

  constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {
    mkdirSync(screenshotDir, { recursive: true });
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(this.screenshotDir, `${String(++this.shots).padStart(2, '0')}-${name.replace(/[^\w.-]+/g, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Polls `probe` until it returns a value that is not undefined. */
  async until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = WAIT_MS): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      await this.page.waitForTimeout(250);
    }
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  /**
   * Accepts the row of the open quick input (command palette, quick pick) that shows `text`. Like an
   * action menu's row, it is chosen with the keyboard (see chooseAction).
   */
  async pickQuickInputRow(text: string): Promise<void> {
    const row = this.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
    await row.waitFor({ timeout: WAIT_MS });
    await this.focusRow('.quick-input-widget .monaco-list-row', text);
    await this.page.keyboard.press('Enter');
  }

  /**
   * Moves the keyboard focus of a list (`rows`: its rows' selector) to the row that shows `text`:
   * keeps the pointer out of the list so hovering does not move the focus, waits until the rows stop
   * changing, then presses Down until the focused row is that row.
   */
  private async focusRow(rows: string, text: string): Promise<void> {
    await this.page.mouse.move(0, 0);
    let last = '';
    await this.until(`the rows of ${rows} to settle`, async () => {
      const now = (await this.page.locator(rows).allTextContents()).join('\n');
      const settled = now === last;
      last = now;
      return settled ? true : undefined;
    });
    const focused = this.page.locator(`${rows}.focused`).first();
    await this.until(`"${text}" focused in ${rows}`, async () => {
      const shown = (await focused.textContent({ timeout: 2_000 }).catch(() => null)) ?? '';
      if (shown.includes(text)) return true;
      await this.page.keyboard.press('ArrowDown');
      return undefined;
    });
  }

  /** Runs a command by its title from the command palette (F1). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInput.waitFor({ timeout: WAIT_MS });
    await this.quickInput.fill(`>${title}`);
    await this.pickQuickInputRow(title);
  }

  /** Opens a workspace file with Quick Open (Ctrl+P), typing `query` (its name, or its path), and waits until its editor has focus. */
  async openFile(name: string, query = name): Promise<void> {
    await this.page.keyboard.press('Control+P');
    await this.quickInput.waitFor({ timeout: WAIT_MS });
    await this.quickInput.fill(query);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: WAIT_MS });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: name }).waitFor({ timeout: WAIT_MS });
    await this.page.locator('.editor-instance .monaco-editor.focused').waitFor({ timeout: WAIT_MS });
  }

  /** Closes every editor, discarding unsaved changes (a failed scenario may leave some). */
  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
    await this.until('every editor closed', async () => {
      const dontSave = this.page.locator('.monaco-dialog-box .monaco-button', { hasText: "Don't Save" });
      if ((await dontSave.count()) > 0) await dontSave.first().click();
      return (await this.page.locator('.tab').count()) === 0 ? true : undefined;
    });
  }

  /** Moves the cursor with Go to Line (Ctrl+G); line and column are 1-based. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    await this.quickInput.waitFor({ timeout: WAIT_MS });
    await this.quickInput.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.until(`the cursor at ${line}:${column}`, async () => {
      const label = (await this.page.locator('[id="status.editor.selection"]').textContent({ timeout: WAIT_MS })) ?? '';
      return label.includes(`Ln ${line}, Col ${column}`) ? true : undefined;
    });
  }

  /**
   * Saves the active editor and waits until its tab is clean. Edits from code actions may already be
   * saved by the editor (files.refactoring.autoSave): check the text on disk, not the tab.
   */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: WAIT_MS });
  }

  /** Opens the quick fix menu (Ctrl+.) at the cursor and applies the action with this title. */
  async applyQuickFix(title: string): Promise<void> {
    const action = this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    // The menu lists what the server answered for the diagnostics at the cursor; ask again while
    // the diagnostics are still being refreshed.
    await this.until(`"${title}" in the quick fix menu`, async () => {
      await this.page.keyboard.press('Control+.');
      const shown = await action.waitFor({ timeout: 15_000 }).then(() => true, () => false);
      if (!shown) await this.page.keyboard.press('Escape');
      return shown ? true : undefined;
    });
    await this.chooseAction(title, `quick-fix-menu-${title.slice(0, 30)}`);
  }

  /**
   * Applies the action with this title from the open action menu (quick fix, source action), taking
   * a screenshot of the menu first.
   */
  async chooseAction(title: string, screenshot: string): Promise<void> {
    const action = this.page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
    await action.waitFor({ timeout: WAIT_MS });
    // Choose the action with the keyboard, not a click: a click lands on whatever row is under the
    // pointer when the button goes down, and the menu's rows may still move (another provider's
    // actions, the menu placed again) after the row was found.
    await this.focusRow('.action-widget .monaco-list-row', title);
    await this.screenshot(screenshot);
    await this.page.keyboard.press('Enter');
    await action.waitFor({ state: 'detached', timeout: WAIT_MS });
  }

  /** The lines of the active editor carrying a squiggle, among those rendered (the visible part). */
  async squiggleLines(): Promise<SquiggleLine[]> {
    const editor = this.page.locator('.editor-instance .monaco-editor').first();
    return editor.evaluate((root: PageElement) => {
      const lineAtTop = new Map<string, number>();
      for (const margin of root.querySelectorAll('.margin-view-overlays > div')) {
        const number = margin.querySelector('.line-numbers')?.textContent?.trim();
        if (number) lineAtTop.set(margin.style.top, Number(number));
      }
      const lines: { line: number; severity: 'error' | 'warning' | 'info' | 'hint' }[] = [];
      for (const squiggle of root.querySelectorAll('.view-overlays .cdr[class*="squiggly-"]')) {
        const severity = /squiggly-(error|warning|info|hint)/.exec(squiggle.className)?.[1] as 'error' | 'warning' | 'info' | 'hint' | undefined;
        const line = lineAtTop.get(squiggle.parentElement?.style.top ?? '');
        if (severity && line !== undefined) lines.push({ line, severity });
      }
      return lines.sort((a, b) => a.line - b.line);
    });
  }

  /** The first and last line numbers the active editor renders. */
  async renderedLines(): Promise<{ first: number; last: number }> {
    const numbers = await this.page
      .locator('.editor-instance .monaco-editor')
      .first()
      .locator('.margin-view-overlays .line-numbers')
      .allTextContents();
    const lines = numbers.map((n) => Number(n.trim())).filter((n) => n > 0);
    return { first: Math.min(...lines), last: Math.max(...lines) };
  }

  /** Warnings and errors in the status bar's problems item (`Errors: 1, Warnings: 4`). */
  async problemCounts(): Promise<{ errors: number; warnings: number }> {
    const label = (await this.page.locator('[id="status.problems"]').getAttribute('aria-label', { timeout: WAIT_MS })) ?? '';
    return { errors: Number(/Errors: (\d+)/.exec(label)?.[1] ?? 0), warnings: Number(/Warnings: (\d+)/.exec(label)?.[1] ?? 0) };
  }

  /**
   * The markers the Problems panel lists for one file. The panel is maximized while it is read, since
   * its list renders only the rows that fit.
   */
  async problems(fileName: string): Promise<Marker[]> {
    await this.runCommand('Focus Problems (Errors, Warnings, Infos)');
    await this.page.locator('.markers-panel').waitFor({ timeout: WAIT_MS });
    await this.runCommand('View: Toggle Maximized Panel');
    try {
      const rows = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((elements: PageElement[]) =>
        elements.map((row) => ({ level: row.getAttribute('aria-level'), label: row.getAttribute('aria-label') ?? '', text: row.innerText })),
      );
      const markers: Marker[] = [];
      let inFile = false;
      for (const row of rows) {
        if (row.level === '1') inFile = row.label.includes(` in file ${fileName} `);
        else if (row.level === '2' && inFile) {
          // Only ours: other extensions (the built-in TypeScript one) report in the same panel.
          const marker = parseMarkerRow(row.text);
          if (marker && row.text.split('\n').map((p) => p.trim()).includes(OUR_SOURCE)) markers.push(marker);
        }
      }
      return markers.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
    } finally {
      await this.runCommand('View: Toggle Maximized Panel');
      await this.focusEditor();
    }
  }

  async focusEditor(): Promise<void> {
    await this.runCommand('View: Focus Active Editor Group');
    await this.page.locator('.editor-instance .monaco-editor.focused').waitFor({ timeout: WAIT_MS });
  }
}
