// A Python file an editor keeps open: its text and syntax tree, re-parsed incrementally on edits,
// and what the previous analysis found per function, so that an edit re-analyzes little.
import { Edit, type Parser, type Tree } from 'web-tree-sitter';
import type { AnalysisOptions, AnalysisResult, Finding, LintSettings, Position, Range } from '../types';
import { analyzeText, byPosition, DEFAULT_BUDGET_MS, mayMatter } from './analyze';
import { fixTouches, Layout, layout, Outlines, shiftFinding, skeleton, skeletonEdits, staysInside, Unit, unitAt, unitsToKeep } from './incremental';
import { newPythonParser, parseWithin } from './parser';
import { SourceText } from './source';

interface Memory {
  settingsKey: string;
  signature: string;
  /** Each unit's findings, with lines relative to the unit's first line. */
  byUnit: UnitFindings;
  syntaxErrors: number;
}

/** How many recent analyses a document remembers (see PythonDocument.memories). */
const MEMORIES = 3;

/**
 * Findings per unit, found by the unit's text and ordinal. The text itself is the key: a key built
 * from text and ordinal would copy every unit's text on each edit.
 */
class UnitFindings {
  private readonly byText = new Map<string, (Finding[] | undefined)[]>();

  get(u: Unit): Finding[] | undefined {
    return this.byText.get(u.text)?.[u.ordinal];
  }

  has(u: Unit): boolean {
    return this.get(u) !== undefined;
  }

  set(u: Unit, findings: Finding[]): void {
    let list = this.byText.get(u.text);
    if (!list) this.byText.set(u.text, (list = []));
    list[u.ordinal] = findings;
  }

  delete(u: Unit): void {
    const list = this.byText.get(u.text);
    if (list) list[u.ordinal] = undefined;
  }
}

/** Remembers each unit's findings relative to its start; units whose findings reach outside them are forgotten (always re-analyzed). */
function remember(units: Unit[], analyzed: Set<Unit>, findings: Finding[], previous: UnitFindings): UnitFindings {
  const byUnit = new UnitFindings();
  const volatile = new Set<Unit>();
  for (const u of units) {
    if (!analyzed.has(u)) {
      const old = previous.get(u);
      if (old) byUnit.set(u, old);
    } else byUnit.set(u, []);
  }
  for (const f of findings) {
    const u = unitAt(units, f.range.start.line);
    if (!u || !analyzed.has(u)) continue;
    if (!staysInside(f, u)) volatile.add(u);
    else byUnit.get(u)?.push(shiftFinding(f, -u.startRow));
  }
  for (const u of volatile) byUnit.delete(u);
  return byUnit;
}

/** A Python file an editor keeps open: its text and syntax tree, re-parsed incrementally on edits. */
export class PythonDocument {
  private parser: Parser | undefined;
  private tree: Tree | undefined;
  private lineStarts: number[] | undefined;
  /**
   * What recent analyses found, newest first. An edit that breaks the syntax changes the file's
   * signature and is analyzed whole; undoing it brings back a signature seen before, and the
   * findings remembered for it make that analysis incremental again.
   */
  private memories: Memory[] = [];
  private skeletonParser: Parser | undefined;
  private skeletonTree: Tree | undefined;
  private skeletonText: string | undefined;
  private skeletonPieces: string[] | undefined;
  /** What layouts of this document read, for the next one (see layout()). */
  private outlines = new Outlines();
  /** How the last analysis ran: the whole file, or only the changed functions and what they reach. */
  lastAnalysis: 'full' | 'incremental' | undefined;

  constructor(private text: string) {}

  get content(): string {
    return this.text;
  }

  /** Applies one edit (editor positions) to the text and to the syntax tree. */
  /**
   * `result`, when the caller already holds the text after this edit (an editor's own copy), is
   * used instead of building it again: on a large file that copy costs about a millisecond.
   */
  applyEdit(range: Range, newText: string, result?: string): void {
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    const startPosition = this.pointAt(start);
    const oldEndPosition = this.pointAt(end);
    const removed = this.text.slice(start, end);
    const expectedLength = this.text.length - (end - start) + newText.length;
    this.text = result !== undefined && result.length === expectedLength ? result : this.text.slice(0, start) + newText + this.text.slice(end);
    const newEnd = start + newText.length;
    this.updateLineStarts(start, end, removed, newText);
    this.tree?.edit(
      new Edit({
        startIndex: start,
        oldEndIndex: end,
        newEndIndex: newEnd,
        startPosition,
        oldEndPosition,
        newEndPosition: this.pointAt(newEnd),
      }),
    );
  }

  /** Replaces the whole text (the tree is re-parsed from scratch next time). */
  setText(text: string): void {
    this.text = text;
    this.memories = [];
    this.lineStarts = undefined;
    this.tree?.delete();
    this.tree = undefined;
  }

  /**
   * Analyzes the current text. After an edit only the changed functions (and what they reach) are
   * analyzed again; see incremental.ts. `full` forces a whole-file analysis.
   */
  analyze(settings: LintSettings, options: AnalysisOptions = {}, full = false): AnalysisResult {
    // Remembered findings hold fixes written for the file's line ending and indentation.
    const traits = SourceText.fileTraits(this.text);
    const settingsKey = `${JSON.stringify(settings)} ${traits}`;
    if (!full && this.memories.some((m) => m.settingsKey === settingsKey) && mayMatter(this.text)) {
      const tree = this.parse(performance.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS));
      if (!tree) return { findings: [], syntaxErrors: 0, skipped: `analysis took longer than its budget of ${options.budgetMs ?? DEFAULT_BUDGET_MS} ms` };
      const lay = layout(tree, this.text, this.outlines);
      const memory = this.memories.find((m) => m.settingsKey === settingsKey && m.signature === lay.signature);
      const result = memory ? this.analyzeChanged(memory, lay, settings, options, traits) : undefined;
      if (result) {
        this.lastAnalysis = 'incremental';
        this.memories = [memory!, ...this.memories.filter((m) => m !== memory)];
        return result;
      }
      return this.analyzeAll(settings, options, settingsKey, lay);
    }
    return this.analyzeAll(settings, options, settingsKey);
  }

  private analyzeAll(settings: LintSettings, options: AnalysisOptions, settingsKey: string, known?: Layout): AnalysisResult {
    const result = analyzeText(this.text, settings, options, (deadline) => this.parse(deadline));
    this.lastAnalysis = 'full';
    const earlier = this.memories;
    this.memories = [];
    if (!result.skipped && this.tree && mayMatter(this.text)) {
      const lay = known ?? layout(this.tree, this.text, this.outlines);
      const memory: Memory = {
        settingsKey,
        signature: lay.signature,
        byUnit: remember(lay.units, new Set(lay.units), result.findings, new UnitFindings()),
        syntaxErrors: result.syntaxErrors,
      };
      // Memories for other settings, or for the signature this analysis replaces, are of no further use.
      const others = earlier.filter((m) => m.settingsKey === settingsKey && m.signature !== lay.signature);
      this.memories = [memory, ...others].slice(0, MEMORIES);
    }
    return result;
  }

  /** Analyzes a skeleton holding the changed units and what they reach; reuses the rest. */
  /** `traits`: the file's line ending and indentation (SourceText.fileTraits). */
  private analyzeChanged(memory: Memory, lay: Layout, settings: LintSettings, options: AnalysisOptions, traits: string): AnalysisResult | undefined {
    const changed = new Set(lay.units.filter((u) => !memory.byUnit.has(u)));
    const keep = unitsToKeep(lay, changed, this.text);
    if (!keep) return undefined;
    const pieces = skeleton(lay, keep, this.text);
    const skeletonText = pieces.join('');
    // Fixes written in the skeleton must use the file's line ending and indentation, not those of
    // what is left of it once the other bodies are blanked.
    if (SourceText.fileTraits(skeletonText) !== traits) return undefined;
    const result = analyzeText(skeletonText, settings, options, (deadline) => this.parseSkeleton(pieces, skeletonText, deadline));
    if (result.skipped) return undefined;
    const elided = lay.units.filter((u) => !keep.has(u));
    const findings: Finding[] = [];
    for (const f of result.findings) {
      const u = unitAt(lay.units, f.range.start.line);
      if (u && !keep.has(u)) continue;
      // A fix that rewrites lines of a blanked-out body would write the blanks back: analyze it all.
      if (fixTouches(f, elided)) return undefined;
      findings.push(f);
    }
    for (const u of elided) for (const f of memory.byUnit.get(u) ?? []) findings.push(shiftFinding(f, u.startRow));
    findings.sort(byPosition);
    memory.byUnit = remember(lay.units, keep, findings, memory.byUnit);
    return { findings, syntaxErrors: result.syntaxErrors };
  }

  /**
   * Parses a skeleton, reusing the previous skeleton's tree. Successive skeletons with the same
   * units differ in the pieces of the edited unit and of the units kept with it, which may lie far
   * apart: the tree is told of each piece that changed, so that the text between them is not parsed
   * again.
   */
  private parseSkeleton(pieces: string[], text: string, deadline: number): Tree | undefined {
    this.skeletonParser ??= newPythonParser();
    const old = this.skeletonTree;
    const before = this.skeletonText;
    if (old && before !== undefined) {
      for (const e of skeletonEdits(before, this.skeletonPieces, text, pieces)) old.edit(e);
    }
    const tree = parseWithin(this.skeletonParser, text, old, deadline);
    old?.delete();
    this.skeletonTree = tree ?? undefined;
    this.skeletonText = tree ? text : undefined;
    this.skeletonPieces = tree ? pieces : undefined;
    return tree ?? undefined;
  }

  /**
   * Parses the current text, reusing the previous tree for the unchanged parts. Returns undefined
   * (keeping the previous tree) when parsing runs past `deadline`.
   */
  parse(deadline = Infinity): Tree | undefined {
    this.parser ??= newPythonParser();
    const tree = parseWithin(this.parser, this.text, this.tree, deadline);
    if (!tree) return undefined;
    this.tree?.delete();
    this.tree = tree;
    return tree;
  }

  dispose(): void {
    this.tree?.delete();
    this.parser?.delete();
    this.skeletonTree?.delete();
    this.skeletonParser?.delete();
    this.outlines.clear();
    this.skeletonTree = undefined;
    this.skeletonParser = undefined;
    this.tree = undefined;
    this.parser = undefined;
  }

  /**
   * Keeps the line starts in step with an edit instead of scanning the whole text again: the lines
   * before it stay, the ones after it move by the length difference. Carriage returns near the
   * edit could join or split a CRLF pair, so a text with any of them is simply scanned again.
   */
  private updateLineStarts(start: number, end: number, removed: string, inserted: string): void {
    const starts = this.lineStarts;
    if (!starts || removed.includes('\r') || inserted.includes('\r') || this.text.charCodeAt(start - 1) === 13 || this.text.charCodeAt(start + inserted.length) === 10) {
      this.lineStarts = undefined;
      return;
    }
    // starts[first..last) begin inside the replaced stretch (after its start, up to its end).
    let first = 0;
    let hi = starts.length;
    while (first < hi) {
      const mid = (first + hi) >> 1;
      if (starts[mid] <= start) first = mid + 1;
      else hi = mid;
    }
    let last = first;
    while (last < starts.length && starts[last] <= end) last++;
    const added: number[] = [];
    for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) added.push(start + i + 1);
    const delta = inserted.length - (end - start);
    const after = starts.slice(last);
    for (let i = 0; i < after.length; i++) after[i] += delta;
    starts.length = first;
    for (const a of added) starts.push(a);
    for (const a of after) starts.push(a);
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const t = this.text;
      if (t.includes('\r')) {
        for (let i = 0; i < t.length; i++) {
          const c = t.charCodeAt(i);
          if (c === 10) starts.push(i + 1);
          else if (c === 13 && t.charCodeAt(i + 1) !== 10) starts.push(i + 1);
        }
      } else {
        for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  private offsetAt(p: Position): number {
    const starts = this.starts();
    if (p.line >= starts.length) return this.text.length;
    return Math.min(starts[p.line] + p.character, p.line + 1 < starts.length ? starts[p.line + 1] : this.text.length);
  }

  private pointAt(offset: number): { row: number; column: number } {
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - starts[lo] };
  }
}

