// What a TypeScript file's previous analysis can lend the next one. After a keystroke, most of a
// 2,000-line file is the same text with the same types, and asking the checker about every payload
// again is most of the analysis. When the edit stays inside the body of a function whose type cannot
// depend on its body (its return type is written out, or it is a constructor or a setter), or whose
// signature the checker reads the same as after the previous edit there, nothing outside that body
// sees a different type, so what a rule reported at a site whose extent
// (TsRule.siteExtent: the code its check reads there) lies outside the body is what it would report
// again: it is reused, moved by the edit's length. Rules that judge their sites after the walk
// (CL016) name the extent of each judgement through TsRuleContext.atSite the same way.
//
// Sealed only when all of these hold, otherwise the whole file is checked:
// - a .ts/.tsx/.mts/.cts file (JavaScript infers class members and exports from assignments in bodies);
// - every other file of the program is the same SourceFile object as before, and so are the options;
// - the changed text lies between the braces of that function's body, before and after the edit, and
//   the function starts at the same offset and its body ends at the same place (moved by the edit).
//   The previous tree cannot tell: the parser reuses its nodes for the new one and moves them, so
//   the previous analysis keeps an outline of its functions instead (`FunctionOutline`);
// - no `let`/`var`/parameter of an enclosing scope is named in the body before or after the edit:
//   assigning one can change how it is narrowed in closures elsewhere;
// - for a function whose return type comes from its body: the previous analysis was of an edit in
//   the same function and read the same signature (so the first keystroke in such a function checks
//   the whole file), and the body declares no class, interface, enum or type alias before or after
//   (a signature names those by name, whatever their members).
import ts from 'typescript';
import type { Range, Severity } from '../types';
import type { TsReport } from './rule';
import type { TsSource } from './source';

/**
 * A report kept by offsets from the start of its site's extent (its range, related places and
 * fixes): the extent's text is the same after an edit that left it alone, wherever it moved.
 */
export interface StoredReport {
  start: number;
  end: number;
  message: string;
  severity?: Severity;
  related: { start: number; end: number; message: string }[];
  fixes: { title: string; safe: boolean; edits: { start: number; end: number; newText: string }[] }[];
}

/**
 * A report with every range as offsets from `from`, or undefined when a range leaves [from, to] (the
 * site's extent): only what lies in the extent moves with it.
 */
export function storeReport(source: TsSource, from: number, to: number, range: Range, r: Omit<TsReport, 'node'>): StoredReport | undefined {
  const file = source.file;
  const offsets = (x: Range): { start: number; end: number } | undefined => {
    const start = file.getPositionOfLineAndCharacter(x.start.line, x.start.character);
    const end = file.getPositionOfLineAndCharacter(x.end.line, x.end.character);
    return start >= from && end <= to ? { start: start - from, end: end - from } : undefined;
  };
  const at = offsets(range);
  if (!at) return undefined;
  const related: StoredReport['related'] = [];
  for (const place of r.related ?? []) {
    const o = offsets(place.range);
    if (!o) return undefined;
    related.push({ ...o, message: place.message });
  }
  const fixes: StoredReport['fixes'] = [];
  for (const fix of r.fixes ?? []) {
    const edits: StoredReport['fixes'][number]['edits'] = [];
    for (const e of fix.edits) {
      const o = offsets(e.range);
      if (!o) return undefined;
      edits.push({ ...o, newText: e.newText });
    }
    fixes.push({ title: fix.title, safe: fix.safe, edits });
  }
  return { ...at, message: r.message, severity: r.severity, related, fixes };
}

/** A stored report back in ranges, for the extent that now starts at `from`. */
export function restoreReport(source: TsSource, stored: StoredReport, from: number): { range: Range; report: Omit<TsReport, 'node'> } {
  const range = (x: { start: number; end: number }): Range => source.rangeOf(from + x.start, from + x.end);
  return {
    range: range(stored),
    report: {
      message: stored.message,
      severity: stored.severity,
      related: stored.related.map((p) => ({ range: range(p), message: p.message })),
      fixes: stored.fixes.map((f) => ({ title: f.title, safe: f.safe, edits: f.edits.map((e) => ({ range: range(e), newText: e.newText })) })),
    },
  };
}

/** The reports of one site-local rule at one node, keyed by `siteKey`. */
export type SiteReports = Map<string, StoredReport[]>;

/** A function with a block body, as the previous analysis found it. */
export interface FunctionOutline {
  kind: ts.SyntaxKind;
  start: number;
  bodyStart: number;
  bodyEnd: number;
}

/** The signature of the function the edit was in, as the checker reads it (for one whose return type is inferred). */
export interface ReadSignature {
  kind: ts.SyntaxKind;
  start: number;
  text: string;
}

export interface FileMemory {
  text: string;
  /** The functions of that text with a block body, in document order. */
  functions: FunctionOutline[];
  signature?: ReadSignature;
  /**
   * The program's options and source files: not the program, whose type checker (with every type it
   * read) would stay alive beside the next one's and double what the garbage collector walks.
   */
  world: World;
  /** Per rule id. */
  sites: Map<string, SiteReports>;
}

/** Where the edit is, and how the offsets after it moved. */
export interface SealedEdit {
  /** The body's extent in the new text: sites overlapping it are checked again. */
  bodyStart: number;
  bodyEnd: number;
  /** New offset minus old offset, for sites after the body. */
  delta: number;
}

export function siteKey(node: ts.Node, start: number, end: number): string {
  return `${node.kind}:${start}:${end}`;
}

const TS_ONLY = /\.(?:ts|tsx|mts|cts)$/i;

/**
 * The sealed function body the edit from `memory` to `program`'s `file` stays in (`edit`), and the
 * signature of the function the edit is in when its return type is inferred (for the next edit).
 */
export function sealedEdit(memory: FileMemory, program: ts.Program, file: ts.SourceFile): { edit?: SealedEdit; signature?: ReadSignature } {
  if (!TS_ONLY.test(file.fileName) || !sameWorld(memory.world, program, file.fileName)) return {};
  const before = memory.text;
  const after = file.text;
  const delta = after.length - before.length;
  if (before === after) return { edit: { bodyStart: 0, bodyEnd: 0, delta: 0 }, signature: memory.signature };
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;

  // The functions around the change, outermost first, each as it was before the edit (or undefined).
  const oldEnd = before.length - suffix;
  const chain = functionsAround(file, prefix, after.length - suffix).map((fn) => {
    const start = fn.getStart(file);
    const bodyStart = fn.body.getStart(file);
    const old = memory.functions.find((f) => f.start === start && f.kind === fn.kind && f.bodyStart === bodyStart && f.bodyEnd + delta === fn.body.end);
    return { fn, old: old && old.bodyStart < prefix && oldEnd < old.bodyEnd ? old : undefined };
  });
  const innermost = chain[chain.length - 1];
  const sealed = (fn: WithBlock, old: FunctionOutline): SealedEdit | undefined => {
    // The scopes around the function are the same text before and after: the new tree tells their names.
    const outer = outerMutableNames(fn);
    if (names(fn.body.getText(file), outer) || names(before.slice(old.bodyStart, old.bodyEnd), outer)) return undefined;
    return { bodyStart: fn.body.getStart(file), bodyEnd: fn.body.end, delta };
  };
  const declared = [...chain].reverse().find((c) => c.old && isDeclared(c.fn));
  if (declared) return { edit: sealed(declared.fn, declared.old!) };
  if (!innermost) return {};
  const signature = readSignature(program, innermost.fn, file);
  const previous = memory.signature;
  const same = previous && previous.kind === signature.kind && previous.start === signature.start && previous.text === signature.text;
  if (!same || !innermost.old || LOCAL_TYPE.test(innermost.fn.body.getText(file)) || LOCAL_TYPE.test(before.slice(innermost.old.bodyStart, innermost.old.bodyEnd))) return { signature };
  return { edit: sealed(innermost.fn, innermost.old), signature };
}

/** A class, interface, enum or type alias declared in a body. */
const LOCAL_TYPE = /\b(?:class|interface|enum)\b|\btype\s+[A-Za-z_$][\w$]*\s*(?:<[^>]*>)?\s*=/;

function readSignature(program: ts.Program, fn: WithBlock, file: ts.SourceFile): ReadSignature {
  const checker = program.getTypeChecker();
  const signature = checker.getSignatureFromDeclaration(fn);
  const text = signature ? checker.signatureToString(signature, fn, ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseFullyQualifiedType) : '';
  return { kind: fn.kind, start: fn.getStart(file), text };
}

/** The outline of `node` when it is a function with a block body. */
export function functionOutline(node: ts.Node, file: ts.SourceFile): FunctionOutline | undefined {
  return hasBlock(node) ? { kind: node.kind, start: node.getStart(file), bodyStart: node.body.getStart(file), bodyEnd: node.body.end } : undefined;
}

/** What of a program the next analysis compares with its own. */
export interface World {
  options: ts.CompilerOptions;
  files: readonly ts.SourceFile[];
}

export function worldOf(program: ts.Program): World {
  return { options: program.getCompilerOptions(), files: program.getSourceFiles() };
}

/** Other files and options unchanged: the same SourceFile objects in the same order, the same options object. */
function sameWorld(before: World, after: ts.Program, fileName: string): boolean {
  if (before.options !== after.getCompilerOptions()) return false;
  const files = after.getSourceFiles();
  if (files.length !== before.files.length) return false;
  for (let i = 0; i < files.length; i++) if (files[i] !== before.files[i] && files[i].fileName !== fileName) return false;
  return true;
}

type WithBlock = ts.FunctionLikeDeclaration & { body: ts.Block };

/** The functions whose body holds [start, end) strictly between its braces, outermost first. */
function functionsAround(file: ts.SourceFile, start: number, end: number): WithBlock[] {
  const found: WithBlock[] = [];
  let node: ts.Node = file;
  for (;;) {
    if (hasBlock(node) && node.body.getStart(file) < start && end < node.body.end) found.push(node);
    const inner: ts.Node | undefined = ts.forEachChild(node, (c) => (c.getStart(file) <= start && end <= c.end ? c : undefined));
    if (!inner) return found;
    node = inner;
  }
}

function hasBlock(node: ts.Node): node is WithBlock {
  if (!ts.isFunctionLike(node)) return false;
  const body = (node as ts.FunctionLikeDeclaration).body;
  return !!body && ts.isBlock(body);
}

/** The function's type does not depend on its body. */
function isDeclared(fn: WithBlock): boolean {
  return ts.isConstructorDeclaration(fn) || ts.isSetAccessorDeclaration(fn) || fn.type !== undefined;
}

function names(text: string, wanted: ReadonlySet<string>): boolean {
  if (wanted.size === 0) return false;
  for (const m of text.matchAll(/[A-Za-z_$][\w$]*/g)) if (wanted.has(m[0])) return true;
  return false;
}

/** The `let`/`var` names and the parameters declared in the scopes around `fn`. */
function outerMutableNames(fn: ts.Node): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) addBinding(e.name);
  };
  const addList = (list: ts.VariableDeclarationList): void => {
    if (list.flags & ts.NodeFlags.Const) return;
    for (const d of list.declarations) addBinding(d.name);
  };
  for (let scope: ts.Node | undefined = fn.parent; scope; scope = scope.parent) {
    if (ts.isFunctionLike(scope)) for (const p of scope.parameters) addBinding(p.name);
    if (ts.isCatchClause(scope) && scope.variableDeclaration) addBinding(scope.variableDeclaration.name);
    if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
      addList(scope.initializer);
    }
    if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
      for (const s of scope.statements) if (ts.isVariableStatement(s)) addList(s.declarationList);
    }
  }
  // `var` anywhere in an enclosing function body is that function's, not only its top-level statements'.
  for (let scope: ts.Node | undefined = fn.parent; scope; scope = scope.parent) {
    if (!ts.isFunctionLike(scope) && !ts.isSourceFile(scope)) continue;
    const visit = (n: ts.Node): void => {
      if (n === fn || (n !== scope && ts.isFunctionLike(n))) return;
      if (ts.isVariableDeclarationList(n) && !(n.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let))) addList(n);
      ts.forEachChild(n, visit);
    };
    ts.forEachChild(scope, visit);
  }
  return names;
}
