// The TypeScript/JavaScript analyzer: finds the file's project, walks its syntax tree once, and calls
// each enabled rule for the node kinds it asked for, with the type checker behind the TypeModel.
import path from 'node:path';
import ts from 'typescript';
import { effectiveSeverity } from '../settings';
import type { AnalysisOptions, AnalysisResult, Finding, Fix, LintSettings, Range } from '../types';
import { type FileMemory, type FunctionOutline, functionOutline, restoreReport, type SealedEdit, sealedEdit, type SiteReports, siteKey, storeReport, type StoredReport, worldOf } from './memory';
import { TypeModel } from './model';
import { FileStore } from './project';
import { DEFAULT_PROJECT_LIMITS, ProjectLimits, ProjectSet } from './projects';
import type { TsReport, TsRule, TsRuleContext } from './rule';
import { TS_RULES } from './rules';
import { TsSource } from './source';
import { TsSuppressions, tsSuppressionFix } from './suppression';

/** Time for the rules over one file once its program is built (type questions included). */
export const TS_DEFAULT_BUDGET_MS = 5000;

/** Files with a line this long and at least this size are minified or generated: nobody edits them. */
const MINIFIED_LINE = 20_000;
const MINIFIED_MIN_BYTES = 200_000;
/** Files larger than this are not analyzed at all. */
export const TS_MAX_BYTES = 8 * 1024 * 1024;

/**
 * A file can only have findings when it mentions one of these (a module, a global, or a method the
 * rules look at); other files are not type-checked at all.
 */
const MAY_MATTER =
  /worker_threads|child_process|cluster|piscina|tinypool|workerpool|async-mutex|\bWorker\b|\bAtomics\b|AbortController|structuredClone|postMessage|\.send\b|\.acquire\b|\.run\b|\.exec\b|\.abort\b|\bfork\b|\bspawn\b|\bawait\b/;

/** Whether any rule could fire on this text (files that cannot are not type-checked at all). */
export function mayMatterTs(text: string): boolean {
  return MAY_MATTER.test(text);
}

export interface TsAnalysisResult extends AnalysisResult {
  /** Messages for the log: configs that could not be used, the project the file fell back to. */
  notes: string[];
}

export interface TsAnalyzerOptions extends Partial<ProjectLimits> {
  /**
   * A tsconfig/jsconfig that every file is analyzed with (the CLI's --project), instead of the
   * nearest one above each file. Files it does not include (nor its references) go to an inferred project.
   */
  project?: string;
}

class BudgetExceeded extends Error {}

export class TsAnalyzer {
  private readonly files = new FileStore();
  private readonly projects: ProjectSet;
  private readonly models = new WeakMap<ts.Program, TypeModel>();
  /** The last analysis of each file, for the next one (memory.ts); dropped with the document. */
  private readonly memories = new Map<string, FileMemory>();
  /** How many sites the last analysis took from the one before (memory.ts), for tests and checks. */
  lastSitesReused = 0;

  constructor(options: TsAnalyzerOptions = {}) {
    const { project, ...limits } = options;
    this.projects = new ProjectSet(this.files, { ...DEFAULT_PROJECT_LIMITS, ...limits }, project === undefined ? undefined : path.resolve(project));
  }

  /** An open editor document: its text replaces the file on disk until closeDocument(). */
  setOpenDocument(file: string, text: string, version: number): void {
    this.files.setOpen(path.resolve(file), text, version);
  }

  closeDocument(file: string): void {
    this.files.close(path.resolve(file));
    this.memories.delete(path.resolve(file));
  }

  /** A watched file changed, was created or deleted on disk. */
  fileChanged(file: string): void {
    this.projects.fileChanged(file);
  }

  get liveProjects(): number {
    return this.projects.liveProjects;
  }

  dispose(): void {
    this.projects.dispose();
    this.memories.clear();
  }

  /** "Suppress CLxxx on this line" for a finding in `file` (open text first, then disk). */
  suppressionFixFor(finding: Finding, file: string): Fix {
    const text = this.files.read(path.resolve(file)) ?? '';
    return tsSuppressionFix(finding, new TsSource(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false)));
  }

  analyze(file: string, settings: LintSettings, options: AnalysisOptions = {}): TsAnalysisResult {
    const absolute = path.resolve(file);
    const empty: TsAnalysisResult = { findings: [], syntaxErrors: 0, notes: [] };
    this.lastSitesReused = 0;
    if (!settings.enable) return empty;
    const rules = TS_RULES.flatMap((rule) => {
      const severity = effectiveSeverity(rule.meta, settings);
      return severity ? [{ rule, severity }] : [];
    });
    if (rules.length === 0) return empty;
    const text = this.files.read(absolute);
    if (text === undefined) return { ...empty, skipped: `${absolute} cannot be read` };
    const unsuitable = whyNotAnalyzed(text);
    if (unsuitable) return { ...empty, skipped: unsuitable };
    if (!MAY_MATTER.test(text)) return empty;

    const { project, notes } = this.projects.projectFor(absolute);
    const program = project.program();
    const sourceFile = program.getSourceFile(absolute);
    if (!sourceFile) return { ...empty, notes, skipped: `${absolute} is not part of its TypeScript program` };
    const syntaxErrors = program.getSyntacticDiagnostics(sourceFile).length;
    let model = this.models.get(program);
    if (!model) this.models.set(program, (model = new TypeModel(program)));

    const budgetMs = options.budgetMs ?? TS_DEFAULT_BUDGET_MS;
    const previous = this.memories.get(absolute);
    this.memories.delete(absolute);
    const { edit, signature } = previous ? sealedEdit(previous, program, sourceFile) : {};
    // Only open documents are analyzed again and again: a file of the CLI is analyzed once, and
    // nothing is kept for it.
    const next = this.files.isOpen(absolute) ? { sites: new Map<string, SiteReports>(), functions: [] as FunctionOutline[], reused: 0 } : undefined;
    try {
      const findings = runRules(sourceFile, model, rules, performance.now() + budgetMs, next && { previous: edit && previous?.sites, edit, next });
      if (next) {
        this.lastSitesReused = next.reused;
        this.memories.set(absolute, { text: sourceFile.text, world: worldOf(program), sites: next.sites, functions: next.functions, signature });
      }
      return { findings, syntaxErrors, notes };
    } catch (e) {
      if (e instanceof BudgetExceeded) return { ...empty, syntaxErrors, notes, skipped: `analysis took longer than its budget of ${budgetMs} ms` };
      throw e;
    }
  }
}

/** Why a file's text is not analyzed (binary, minified, too large), or undefined. */
function whyNotAnalyzed(text: string): string | undefined {
  if (text.includes('\u0000')) return 'binary file (contains NUL bytes)';
  const mb = (text.length / 1024 / 1024).toFixed(1);
  if (text.length > TS_MAX_BYTES) return `file too large to analyze (${mb} MB; the limit is ${TS_MAX_BYTES / 1024 / 1024} MB)`;
  if (text.length >= MINIFIED_MIN_BYTES) {
    let longest = 0;
    for (let start = 0; start < text.length; ) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      longest = Math.max(longest, end - start);
      start = end + 1;
    }
    if (longest >= MINIFIED_LINE) return `minified or generated file (${mb} MB, a line of ${longest.toLocaleString('en')} characters): not analyzed`;
  }
  return undefined;
}

/**
 * Site-local rules' reports: those of the previous analysis (with the edit since), and those of this
 * one with the outline of its functions, for the next.
 */
interface SiteMemory {
  previous?: Map<string, SiteReports>;
  edit?: SealedEdit;
  next: { sites: Map<string, SiteReports>; functions: FunctionOutline[]; reused: number };
}

function runRules(
  sourceFile: ts.SourceFile,
  model: TypeModel,
  rules: { rule: TsRule; severity: Finding['severity'] }[],
  deadline: number,
  memory: SiteMemory | undefined,
): Finding[] {
  const source = new TsSource(sourceFile);
  const findings: Finding[] = [];
  /** The site whose check runs now (its extent, its reports so far), while they can still be kept. */
  let capturing: { from: number; to: number; reports: StoredReport[] } | undefined;
  const fileFacts = new Map<(source: TsSource, model: TypeModel) => unknown, unknown>();
  const perFile = <T>(compute: (source: TsSource, model: TypeModel) => T): T => {
    if (!fileFacts.has(compute)) fileFacts.set(compute, compute(source, model));
    return fileFacts.get(compute) as T;
  };
  const byKind = new Map<ts.SyntaxKind, { rule: TsRule; ctx: TsRuleContext }[]>();
  const finishing: { rule: TsRule; ctx: TsRuleContext }[] = [];
  /** Per rule: adds a finding at a range (a report, or one kept from the previous analysis). */
  const adders = new Map<TsRule, (range: Range, r: Omit<TsReport, 'node'>) => void>();
  for (const { rule, severity } of rules) {
    const add = (range: Range, r: Omit<TsReport, 'node'>): void => {
      findings.push({
        ruleId: rule.meta.id,
        ruleName: rule.meta.name,
        severity: r.severity && severity === rule.meta.defaultSeverity ? r.severity : severity,
        range,
        message: r.message,
        related: r.related ?? [],
        fixes: r.fixes ?? [],
      });
    };
    adders.set(rule, add);
    const ctx: TsRuleContext = {
      model,
      source,
      perFile,
      atSite(node, extent, check) {
        if (memory) checkSite(memory, rule, node, extent, check);
        else check();
      },
      report(r: TsReport) {
        const range = source.range(r.node);
        if (capturing) {
          const stored = storeReport(source, capturing.from, capturing.to, range, r);
          if (stored) capturing.reports.push(stored);
          else capturing = undefined;
        }
        add(range, r);
      },
    };
    for (const kind of rule.kinds) {
      let list = byKind.get(kind);
      if (!list) byKind.set(kind, (list = []));
      list.push({ rule, ctx });
    }
    if (rule.finish) finishing.push({ rule, ctx });
  }
  // A check at a node with an extent: the previous analysis's reports there when the edit left the
  // extent alone, otherwise the check itself; either way its reports are kept for the next analysis.
  const checkSite = (memory: SiteMemory, rule: TsRule, node: ts.Node, extent: ts.Node, check: () => void): void => {
    const start = node.getStart(sourceFile);
    const end = node.getEnd();
    const from = extent.getStart(sourceFile);
    const to = extent.getEnd();
    let next = memory.next.sites.get(rule.meta.id);
    if (!next) memory.next.sites.set(rule.meta.id, (next = new Map()));
    const { edit, previous } = memory;
    if (edit && (to <= edit.bodyStart || from >= edit.bodyEnd)) {
      const shift = from >= edit.bodyEnd ? edit.delta : 0;
      const prior = previous?.get(rule.meta.id)?.get(siteKey(node, start - shift, end - shift));
      if (prior) {
        const add = adders.get(rule)!;
        for (const stored of prior) {
          const { range, report } = restoreReport(source, stored, from);
          add(range, report);
        }
        next.set(siteKey(node, start, end), prior);
        memory.next.reused++;
        return;
      }
    }
    capturing = { from, to, reports: [] };
    try {
      check();
      if (capturing) next.set(siteKey(node, start, end), capturing.reports);
    } finally {
      capturing = undefined;
    }
  };
  // An explicit stack: minified or generated code nests deeper than the call stack allows. Children
  // are pushed in source order and the pushed run reversed, so they are visited in source order
  // without an array per node (each keystroke walks the whole file).
  const stack: ts.Node[] = [sourceFile];
  const push = (child: ts.Node): void => {
    stack.push(child);
  };
  let visited = 0;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if ((++visited & 255) === 0 && performance.now() > deadline) throw new BudgetExceeded();
    if (memory) {
      const outline = functionOutline(node, sourceFile);
      if (outline) memory.next.functions.push(outline);
    }
    const checks = byKind.get(node.kind);
    if (checks) {
      for (const { rule, ctx } of checks) {
        const extent = memory && rule.siteExtent?.(node);
        if (extent) checkSite(memory, rule, node, extent, () => rule.check(node, ctx));
        else rule.check(node, ctx);
      }
    }
    const first = stack.length;
    node.forEachChild(push);
    for (let i = first, j = stack.length - 1; i < j; i++, j--) {
      const t = stack[i];
      stack[i] = stack[j];
      stack[j] = t;
    }
  }
  for (const { rule, ctx } of finishing) rule.finish!(ctx);
  const suppressions = new TsSuppressions(source);
  const kept = findings.filter((f) => !suppressions.isSuppressed(f));
  kept.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  return kept;
}
