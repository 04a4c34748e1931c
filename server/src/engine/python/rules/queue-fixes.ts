// CL004's quick fixes: turn check-then-act on a queue into act-then-handle-the-exception.
//   while not q.empty(): x = q.get() ...  ->  while True: try: x = q.get(timeout=0.1) / except queue.Empty: break
//   if not q.empty(): x = q.get() ...     ->  try: x = q.get_nowait() / except queue.Empty: ... / else: ...
// Only the plain shapes are rewritten: the condition is the state check alone, written on the
// statement's first line, and the first statement of the acting branch takes one item off the queue.
import type { Node } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../../types';
import type { Scope } from '../model/scopes';
import { MODULE_ALIASES, type ObjectType } from '../model/stdlib';
import type { RuleContext } from '../rule';
import type { SourceText } from '../source';
import { aloneOnItsLines, blockStatements, MethodCall, methodCall, sameExpression, stripNot } from './common';

/** How long the rewritten drain loop waits for a late item before it decides the queue is empty. */
const DRAIN_TIMEOUT = '0.1';

export function queueStateFixes(
  decision: { owner: Node; test: Node },
  call: MethodCall,
  queue: ObjectType,
  scope: Scope,
  ctx: RuleContext,
): Fix[] {
  const { owner, test } = decision;
  if (owner.type !== 'if_statement' && owner.type !== 'while_statement') return [];
  const state = testedState(test, call);
  if (!state) return [];
  // The header must be one line: `if <test>:` with the branch on the lines below.
  const row = owner.startPosition.row;
  if (test.startPosition.row !== row || test.endPosition.row !== row) return [];
  const { source } = ctx;
  if (source.lineText(row).slice(0, owner.startPosition.column).trim() !== '') return [];
  const asyncio = queue.flavor === 'asyncio';
  const exception = exceptionName(asyncio ? 'asyncio' : 'queue', asyncio ? 'QueueEmpty' : 'Empty', scope, ctx);
  if (!exception) return [];
  const headerTail = source.lineText(row).slice(test.endPosition.column); // ':' and any comment
  const indent = source.indentOf(row);
  const unit = source.indentUnit;

  if (owner.type === 'while_statement') {
    if (state !== 'nonEmpty' || owner.childForFieldName('alternative')) return [];
    const body = owner.childForFieldName('body');
    const take = takeStatement(blockStatements(body)[0], call.receiver, asyncio, source);
    if (!take || !body || body.startPosition.row === row) return [];
    const inner = source.indentOf(take.stmt.startPosition.row);
    const get = asyncio ? `${call.receiver.text}.get_nowait()` : `${call.receiver.text}.get(timeout=${DRAIN_TIMEOUT})`;
    const lines = [
      `${indent}while True${headerTail}`,
      ...source.linesText(row + 1, take.stmt.startPosition.row - 1),
      `${inner}try:`,
      ...withReplaced(take, get, source).map((l) => unit + l),
      `${inner}except ${exception.name}:`,
      `${inner}${unit}break`,
    ];
    return [fix(`Loop on '${call.receiver.text}.get()' and stop on ${exception.name}`, exception.edit, source.replaceLines(row, take.stmt.endPosition.row, lines))];
  }

  const alternatives = owner.childrenForFieldName('alternative').filter((a): a is Node => !!a);
  if (alternatives.some((a) => a.type === 'elif_clause')) return [];
  const elseClause = alternatives.find((a) => a.type === 'else_clause');
  const elseBody = elseClause?.childForFieldName('body');
  if (elseClause && (!elseBody || elseBody.startPosition.row === elseClause.startPosition.row)) return [];
  const consequence = owner.childForFieldName('consequence');
  if (!consequence || consequence.startPosition.row === row) return [];
  // The branch that takes an item, and the one that runs when there is none.
  const [acting, idle] = state === 'nonEmpty' ? [consequence, elseBody] : [elseBody, consequence];
  if (!acting) return [];
  const take = takeStatement(blockStatements(acting)[0], call.receiver, asyncio, source);
  if (!take) return [];
  // Rows of each part: the acting branch up to its end, the idle branch (before `else:` when it is the consequence).
  const actingEnd = acting === consequence ? (elseClause ? elseClause.startPosition.row - 1 : consequence.endPosition.row) : elseBody!.endPosition.row;
  const actingStart = acting === consequence ? row + 1 : elseClause!.startPosition.row + 1;
  const idleLines = !idle
    ? [`${indent}${unit}pass`]
    : idle === consequence
      ? source.linesText(row + 1, elseClause!.startPosition.row - 1)
      : source.linesText(elseClause!.startPosition.row + 1, elseBody!.endPosition.row);
  const restLines = source.linesText(take.stmt.endPosition.row + 1, actingEnd);
  const hasRest = blockStatements(acting).length > 1;
  const lastRow = elseClause ? Math.max(elseBody!.endPosition.row, consequence.endPosition.row) : consequence.endPosition.row;
  const lines = [
    `${indent}try${headerTail}`,
    ...source.linesText(actingStart, take.stmt.startPosition.row - 1),
    ...withReplaced(take, `${call.receiver.text}.get_nowait()`, source),
    ...(hasRest ? [] : restLines),
    `${indent}except ${exception.name}:`,
    ...idleLines,
    ...(hasRest ? [`${indent}else:`, ...restLines] : []),
  ];
  return [fix(`Take an item with '${call.receiver.text}.get_nowait()' and handle ${exception.name}`, exception.edit, source.replaceLines(row, lastRow, lines))];
}

function fix(title: string, importEdit: TextEdit | undefined, rewrite: TextEdit): Fix {
  // get_nowait()/get(timeout=...) instead of a blocking get() changes what the code does.
  return { title, safe: false, edits: importEdit ? [importEdit, rewrite] : [rewrite] };
}

type QueueState = 'nonEmpty' | 'empty';

/** Whether the whole test asks "has items" or "is empty" of the queue, in the shapes the fix reads. */
function testedState(test: Node, call: MethodCall): QueueState | undefined {
  const { inner, negated } = stripNot(test);
  let state: QueueState | undefined;
  if (inner.id === call.call.id) {
    if (call.method === 'empty') state = 'empty';
    else if (call.method === 'qsize') state = 'nonEmpty';
  } else if (inner.type === 'comparison_operator' && call.method === 'qsize' && inner.namedChildCount === 2) {
    const [left, right] = inner.namedChildren;
    const operator = inner.children.find((c) => c && !c.isNamed)?.text;
    if (left?.id === call.call.id && right?.text === '0') {
      if (operator === '>' || operator === '!=') state = 'nonEmpty';
      else if (operator === '==' || operator === '<=') state = 'empty';
    }
  }
  if (!state) return undefined;
  return negated ? (state === 'empty' ? 'nonEmpty' : 'empty') : state;
}

interface TakeStatement {
  stmt: Node;
  /** The expression to replace: the get call, or `await q.get()`. */
  take: Node;
}

/** `x = q.get()`, `q.get()`, `q.get_nowait()` (or `await q.get()` for asyncio) alone on its lines. */
function takeStatement(stmt: Node | undefined, receiver: Node, asyncio: boolean, source: SourceText): TakeStatement | undefined {
  if (stmt?.type !== 'expression_statement' || !aloneOnItsLines(stmt, source.lines)) return undefined;
  let expr: Node | null | undefined = stmt.namedChildren[0];
  if (expr?.type === 'assignment') expr = expr.childForFieldName('right');
  if (!expr) return undefined;
  const awaited = expr.type === 'await';
  const callNode = awaited ? expr.namedChildren[0] : expr;
  const m = callNode ? methodCall(callNode) : undefined;
  if (!m || !sameExpression(m.receiver, receiver) || m.args.length > 0 || m.keywords.size > 0) return undefined;
  const ok = m.method === 'get_nowait' ? !awaited : m.method === 'get' && awaited === asyncio;
  if (!ok || expr.startPosition.row !== expr.endPosition.row) return undefined;
  return { stmt, take: expr };
}

/** The take statement's lines with the take expression replaced. */
function withReplaced(take: TakeStatement, replacement: string, source: SourceText): string[] {
  const lines = source.linesText(take.stmt.startPosition.row, take.stmt.endPosition.row);
  const i = take.take.startPosition.row - take.stmt.startPosition.row;
  const line = lines[i];
  lines[i] = line.slice(0, take.take.startPosition.column) + replacement + line.slice(take.take.endPosition.column);
  return lines;
}

/**
 * How this module names `<module>.<member>` at the fix site: through an existing import
 * (`import queue` -> `queue.Empty`, `import Queue` -> `Queue.Empty`, `from queue import Empty` ->
 * `Empty`), or by adding `import <module>` when that name is free.
 */
function exceptionName(
  module: string,
  member: string,
  scope: Scope,
  ctx: RuleContext,
): { name: string; edit?: TextEdit } | undefined {
  const { model } = ctx;
  const resolvesTo = (name: string, qname: string): boolean => {
    const bindings = model.bindingsOf(name, scope);
    return bindings.length > 0 && bindings.every((b) => b.kind === 'import' && normalize(b.qname) === qname);
  };
  for (const [name, bindings] of model.moduleScope.bindings) {
    const q = normalize(bindings[0]?.qname);
    if (q === `${module}.${member}` && resolvesTo(name, q)) return { name };
  }
  for (const [name, bindings] of model.moduleScope.bindings) {
    const q = normalize(bindings[0]?.qname);
    if (q === module && resolvesTo(name, q)) return { name: `${name}.${member}` };
  }
  const free = (name: string): boolean => !scope.lookup(name) && !model.moduleScope.bindings.has(name);
  const row = importRow(model.moduleScope.node);
  if (free(module)) return { name: `${module}.${member}`, edit: ctx.source.insertLinesBefore(row, [`import ${module}`]) };
  // `queue` is often a variable's name; the exception can still come in by its own name.
  if (free(member)) return { name: member, edit: ctx.source.insertLinesBefore(row, [`from ${module} import ${member}`]) };
  return undefined;
}

function normalize(qname: string | undefined): string | undefined {
  if (!qname) return undefined;
  const dot = qname.indexOf('.');
  const head = dot < 0 ? qname : qname.slice(0, dot);
  const mapped = MODULE_ALIASES[head];
  return mapped ? mapped + (dot < 0 ? '' : qname.slice(dot)) : qname;
}

/** The row after the last top-level import, or after the docstring when the module imports nothing. */
function importRow(module: Node): number {
  const statements = blockStatements(module);
  const first = statements[0];
  let row = first?.type === 'expression_statement' && first.namedChildren[0]?.type === 'string' ? first.endPosition.row + 1 : 0;
  for (const stmt of statements) {
    if (stmt.type === 'import_statement' || stmt.type === 'import_from_statement' || stmt.type === 'future_import_statement') {
      row = stmt.endPosition.row + 1;
    }
  }
  return row;
}
