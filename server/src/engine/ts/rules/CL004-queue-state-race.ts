/**
 * CL004 queue-state-race (TypeScript/JavaScript)
 *
 * What it does: finds a test on the size of a collection other async tasks or workers share (a field
 * or a module-level variable) — `.length`, `.size`, `.pending`, `.isEmpty()` — followed in the guarded
 * block by an `await` and then an act on that collection (`shift`, `pop`, `push`, `delete`, `add`,
 * `set`, `dequeue`...); and `Atomics.load(a, i)` tested then `Atomics.store(a, i, ...)`.
 *
 * Why is this bad? At the `await` other tasks run: the collection the test looked at may be empty
 * (or full) by the time the code acts on it. Between `Atomics.load` and `Atomics.store` another
 * worker may store too, and one update is lost.
 *
 * Example:
 *     if (this.jobs.length > 0) {
 *       await this.ready();
 *       const job = this.jobs.shift();   // may be undefined now
 *     }
 *
 * Use instead: act first and test the result (`const job = this.jobs.shift(); if (job) ...`), or
 * `Atomics.compareExchange(a, i, expected, next)`.
 *
 * Not flagged: locals (no other task sees them), tests without an `await` before the act,
 * `.length` of strings, plain reporting of sizes.
 */
import ts from 'typescript';
import { tsRuleMeta } from '../meta';
import type { TsRule, TsRuleContext } from '../rule';
import { forEachDescendant, isModuleLevel, methodCall, refText, skipOuter } from './syntax';

const SIZE_PROPERTIES = new Set(['length', 'size', 'pending']);
const ACTS = new Set(['shift', 'pop', 'push', 'unshift', 'splice', 'delete', 'add', 'set', 'dequeue', 'enqueue', 'clear']);

export const queueStateRace: TsRule = {
  meta: tsRuleMeta('CL004'),
  kinds: [ts.SyntaxKind.IfStatement, ts.SyntaxKind.WhileStatement],
  check(node, ctx) {
    const stmt = node as ts.IfStatement | ts.WhileStatement;
    const guarded = ts.isIfStatement(stmt) ? stmt.thenStatement : stmt.statement;
    checkSizeTest(stmt.expression, guarded, ctx);
    checkAtomics(stmt.expression, guarded, ctx);
  },
  // The test and the block it guards; whether the collection is shared comes from its declaration's
  // place, which an edit elsewhere does not move out of the module level.
  siteExtent: (node) => node,
};

function checkSizeTest(test: ts.Expression, guarded: ts.Statement, ctx: TsRuleContext): void {
  const file = ctx.source.file;
  for (const { node, receiver } of sizeTests(test, ctx)) {
    const name = refText(receiver, file);
    const wait = firstAwait(guarded);
    if (!wait) continue;
    let act: ts.CallExpression | undefined;
    forEachDescendant(guarded, (n) => {
      if (act || n.getStart() < wait.getEnd()) return;
      const m = methodCall(n);
      if (m && ACTS.has(m.method) && refText(m.receiver, file) === name) act = m.call;
    });
    if (!act) continue;
    ctx.report({
      node,
      message: `the size of '${name}' is tested here, but other tasks can change '${name}' at the await before '${name}.${methodCall(act)!.method}()': the test is stale by then. Act first and test the result (e.g. const item = ${name}.shift(); if (item !== undefined) ...).`,
      related: [
        { range: ctx.source.range(wait), message: 'other tasks run here' },
        { range: ctx.source.range(act), message: `'${name}' is changed here on the strength of the stale test` },
      ],
    });
    return;
  }
}

/** `X.length` / `X.size` / `X.pending` / `X.isEmpty()` in a test, where X is shared (a field or a module variable). */
function sizeTests(test: ts.Expression, ctx: TsRuleContext): { node: ts.Expression; receiver: ts.Expression }[] {
  const out: { node: ts.Expression; receiver: ts.Expression }[] = [];
  const consider = (n: ts.Node): void => {
    if (ts.isPropertyAccessExpression(n) && SIZE_PROPERTIES.has(n.name.text) && !ts.isCallExpression(n.parent)) {
      if (isShared(n.expression, ctx) && !isStringLike(n.expression, ctx)) out.push({ node: n, receiver: n.expression });
    }
    const m = methodCall(n);
    if (m && m.method === 'isEmpty' && isShared(m.receiver, ctx)) out.push({ node: m.call, receiver: m.receiver });
  };
  consider(test);
  forEachDescendant(test, consider);
  return out;
}

function isShared(expr: ts.Expression, ctx: TsRuleContext): boolean {
  const inner = skipOuter(expr);
  if (ts.isPropertyAccessExpression(inner)) return inner.expression.kind === ts.SyntaxKind.ThisKeyword;
  if (!ts.isIdentifier(inner)) return false;
  const decl = ctx.model.symbolOf(inner)?.valueDeclaration;
  return !!decl && ts.isVariableDeclaration(decl) && decl.getSourceFile() === ctx.source.file && isModuleLevel(decl);
}

function isStringLike(expr: ts.Expression, ctx: TsRuleContext): boolean {
  return !!(ctx.model.typeOf(expr).flags & ts.TypeFlags.StringLike);
}

function firstAwait(root: ts.Node): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (found) return;
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier)) found = n;
  };
  visit(root);
  forEachDescendant(root, visit);
  return found;
}

/** `if (Atomics.load(a, i) === 0) { Atomics.store(a, i, 1) }`: another worker may store in between. */
function checkAtomics(test: ts.Expression, guarded: ts.Statement, ctx: TsRuleContext): void {
  const file = ctx.source.file;
  const loads: ts.CallExpression[] = [];
  const collectLoads = (n: ts.Node): void => {
    const m = methodCall(n);
    if (m && m.method === 'load' && isAtomics(m.receiver, ctx) && m.call.arguments.length >= 2) loads.push(m.call);
  };
  collectLoads(test);
  forEachDescendant(test, collectLoads);
  for (const load of loads) {
    const [array, index] = load.arguments.map((a) => refText(a, file));
    let store: ts.CallExpression | undefined;
    forEachDescendant(guarded, (n) => {
      const m = methodCall(n);
      if (!store && m && m.method === 'store' && isAtomics(m.receiver, ctx) && m.call.arguments.length >= 3) {
        if (refText(m.call.arguments[0], file) === array && refText(m.call.arguments[1], file) === index) store = m.call;
      }
    });
    if (!store) continue;
    ctx.report({
      node: load,
      message: `Atomics.load(${array}, ${index}) is tested here and Atomics.store(${array}, ${index}, ...) acts on it, but another worker can store in between and one update is lost. Use Atomics.compareExchange(${array}, ${index}, expected, next) and test its result.`,
      related: [{ range: ctx.source.range(store), message: 'stored here on the strength of the stale load' }],
    });
    return;
  }
}

/** The global Atomics object (declared in the default library), not a local of that name. */
function isAtomics(expr: ts.Expression, ctx: TsRuleContext): boolean {
  const inner = skipOuter(expr);
  if (!ts.isIdentifier(inner) || inner.text !== 'Atomics') return false;
  const decl = ctx.model.symbolOf(inner)?.declarations?.[0];
  return !!decl && ctx.model.program.isSourceFileDefaultLibrary(decl.getSourceFile());
}
