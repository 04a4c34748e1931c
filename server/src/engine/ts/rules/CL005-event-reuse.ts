/**
 * CL005 event-reuse (TypeScript/JavaScript)
 *
 * What it does: finds an `AbortController` that is aborted and whose `signal` is used again by code
 * that runs repeatedly: a controller declared outside a loop whose body both aborts it and uses its
 * signal, or a field/module variable aborted in a function while its signal is used elsewhere, and
 * never replaced by a new controller.
 *
 * Why is this bad? A signal, once aborted, stays aborted: every later fetch, timer or worker task
 * given that signal aborts at once, and the loop or the object silently stops working.
 *
 * Example:
 *     const controller = new AbortController();
 *     for (const url of urls) {
 *       const timer = setTimeout(() => controller.abort(), 1000);
 *       await fetch(url, { signal: controller.signal });
 *     }
 *
 * Use instead: one controller per operation (`const controller = new AbortController()` inside the
 * loop), or `AbortSignal.timeout(1000)`.
 *
 * Not flagged: controllers created per iteration, fields replaced after abort()
 * (`this.controller = new AbortController()`), an abort() that runs once.
 */
import ts from 'typescript';
import { tsRuleMeta } from '../meta';
import type { TsRule, TsRuleContext } from '../rule';
import { enclosingFunction, forEachDescendant, isInside, isModuleLevel, methodCall, refText, skipOuter } from './syntax';

export const abortControllerReuse: TsRule = {
  meta: tsRuleMeta('CL005'),
  kinds: [ts.SyntaxKind.CallExpression],
  check(node, ctx) {
    const call = methodCall(node);
    if (!call || call.method !== 'abort' || ctx.model.kindOf(call.receiver) !== 'abortController') return;
    const file = ctx.source.file;
    const name = refText(call.receiver, file);
    const receiver = skipOuter(call.receiver);
    const isField = ts.isPropertyAccessExpression(receiver) && receiver.expression.kind === ts.SyntaxKind.ThisKeyword;
    const decl = ts.isIdentifier(receiver) ? ctx.model.symbolOf(receiver)?.valueDeclaration : undefined;
    if (!isField && !decl) return;

    // A controller declared outside a loop that aborts it: the next iteration gets an aborted signal.
    const outerLoop = repeatingLoops(call.call).find((loop) => !decl || !isInside(decl, loop));
    if (outerLoop) {
      const use = signalUse(outerLoop.statement, name, file);
      if (use && !renewed(outerLoop.statement, name, file)) return report(call.call, use, name, ctx, 'in the same loop');
    }
    // A field or module variable aborted in a function: every later call sees the aborted signal.
    const shared = isField || (decl && ts.isVariableDeclaration(decl) && isModuleLevel(decl));
    if (!shared || !enclosingFunction(call.call)) return;
    const scope: ts.Node = isField ? (enclosingClass(call.call) ?? file) : file;
    const use = signalUse(scope, name, file);
    if (!use || renewed(scope, name, file, true)) return;
    report(call.call, use, name, ctx, 'by code that runs again');
  },
};

function report(abort: ts.CallExpression, use: ts.Node, name: string, ctx: TsRuleContext, where: string): void {
  ctx.report({
    node: abort,
    message: `AbortController '${name}' is aborted here and its signal is used again ${where}: a signal stays aborted, so every later operation given '${name}.signal' aborts at once. Create a new AbortController for each operation, or replace '${name}' after abort().`,
    related: [{ range: ctx.source.range(use), message: `'${name}.signal' is used here again after the abort` }],
  });
}

function signalUse(root: ts.Node, name: string, file: ts.SourceFile): ts.Node | undefined {
  let found: ts.Node | undefined;
  forEachDescendant(root, (n) => {
    if (!found && ts.isPropertyAccessExpression(n) && n.name.text === 'signal' && refText(n.expression, file) === name) found = n;
  }, true);
  return found;
}

/** `name = new AbortController()` (or any assignment) inside `root`; outside constructors when asked. */
function renewed(root: ts.Node, name: string, file: ts.SourceFile, skipConstructors = false): boolean {
  let found = false;
  forEachDescendant(root, (n) => {
    if (found || !ts.isBinaryExpression(n) || n.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
    if (refText(n.left, file) !== name) return;
    if (skipConstructors && enclosingFunction(n) && ts.isConstructorDeclaration(enclosingFunction(n)!)) return;
    found = true;
  }, true);
  return found;
}

/**
 * Loops whose iterations run `node` again: through callbacks created in the loop body
 * (`setTimeout(() => c.abort())`), up to the enclosing declared function or method.
 */
function repeatingLoops(node: ts.Node): ts.IterationStatement[] {
  const out: ts.IterationStatement[] = [];
  for (let n: ts.Node = node; n.parent; n = n.parent) {
    const p = n.parent;
    if (ts.isFunctionLike(p) && !ts.isArrowFunction(p) && !ts.isFunctionExpression(p)) break;
    if (ts.isIterationStatement(p, false) && p.statement === n) out.push(p);
  }
  return out;
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) if (ts.isClassLike(n)) return n;
  return undefined;
}
