// Quick fixes for CL001 in TS/JS: wrap the statements between acquire and release in a try/finally
// that starts right after the acquire, or hand them to `runExclusive`, which releases on every path.
import ts from 'typescript';
import type { Fix } from '../../types';
import type { TsSource } from '../source';
import { forEachDescendant, isFunctionBoundary } from './syntax';

export interface HeldRegion {
  /** `const release = await mutex.acquire();` */
  acquire: ts.Statement;
  /** The statements run while holding the mutex. */
  body: readonly ts.Statement[];
  /** `release();` or `mutex.release();` */
  release: ts.Statement;
  /** The mutex expression's text (`this.mutex`). */
  mutex: string;
}

export function mutexFixes(region: HeldRegion, source: TsSource): Fix[] {
  const fixes: Fix[] = [];
  const all = [region.acquire, ...region.body, region.release];
  if (!all.every((s) => source.aloneOnItsLines(s))) return fixes;
  const first = source.lineOf(region.acquire);
  const releaseLine = source.lineOf(region.release);
  const last = source.range(region.release).end.line;
  const indent = source.indentOf(first);
  const unit = source.indentUnit;
  const bodyLines = region.body.length > 0 ? source.indented(first + 1, releaseLine - 1, unit) : [];
  if (runExclusiveKeepsMeaning(region)) {
    fixes.push({
      title: `Use ${region.mutex}.runExclusive()`,
      safe: false,
      edits: [source.replaceLines(first, last, [`${indent}await ${region.mutex}.runExclusive(async () => {`, ...bodyLines, `${indent}});`])],
    });
  }
  fixes.push({
    title: 'Release in a finally right after the acquire',
    safe: true,
    edits: [
      source.replaceLines(first + 1, last, [
        `${indent}try {`,
        ...bodyLines,
        `${indent}} finally {`,
        ...source.indented(releaseLine, last, unit),
        `${indent}}`,
      ]),
    ],
  });
  return fixes;
}

/**
 * Moving statements into a callback changes what `return`, `break`, `continue`, `yield` and
 * declarations mean: only offer runExclusive when the body has none that escape, and the acquire's
 * own bindings are not used by the body (the release function is replaced, the semaphore value is not).
 */
function runExclusiveKeepsMeaning(region: HeldRegion): boolean {
  let escapes = false;
  for (const stmt of region.body) {
    if (ts.isVariableStatement(stmt) || ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)) {
      if (ts.isVariableStatement(stmt) && !declaresOnlyLocals(stmt, region)) escapes = true;
    }
    const check = (n: ts.Node): void => {
      if (ts.isReturnStatement(n) || ts.isYieldExpression(n) || ts.isBreakStatement(n) || ts.isContinueStatement(n)) escapes = true;
    };
    check(stmt);
    forEachDescendant(stmt, (n) => {
      if (isFunctionBoundary(n)) return;
      // break/continue that target a loop or switch inside the body stay inside it.
      if ((ts.isBreakStatement(n) || ts.isContinueStatement(n)) && !n.label && insideLoopOrSwitchWithin(n, stmt)) return;
      check(n);
    });
  }
  if (escapes) return false;
  const acquire = region.acquire;
  if (ts.isVariableStatement(acquire)) {
    const name = acquire.declarationList.declarations[0]?.name;
    if (name && ts.isArrayBindingPattern(name) && name.elements.length > 0 && !ts.isOmittedExpression(name.elements[0])) {
      return false;
    }
  }
  return true;
}

function insideLoopOrSwitchWithin(n: ts.Node, root: ts.Node): boolean {
  for (let p = n.parent; p && p !== root.parent; p = p.parent) {
    if (ts.isIterationStatement(p, false) || ts.isSwitchStatement(p)) return true;
  }
  return false;
}

/** A declaration in the body whose names are not used after the release. */
function declaresOnlyLocals(stmt: ts.VariableStatement, region: HeldRegion): boolean {
  const names = new Set<string>();
  for (const d of stmt.declarationList.declarations) {
    if (!ts.isIdentifier(d.name)) return false;
    names.add(d.name.text);
  }
  const after = siblingsAfter(region.release);
  let used = false;
  for (const s of after) {
    forEachDescendant(s, (n) => {
      if (ts.isIdentifier(n) && names.has(n.text)) used = true;
    }, true);
  }
  return !used;
}

function siblingsAfter(stmt: ts.Statement): ts.Statement[] {
  const p = stmt.parent as ts.Block;
  const list = p.statements ?? [];
  return list.slice(list.indexOf(stmt) + 1);
}
