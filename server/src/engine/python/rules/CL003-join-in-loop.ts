/**
 * CL003 join-in-loop
 *
 * What it does: finds work that is started and waited for in the same loop iteration:
 * `t.start()` then `t.join()`, `executor.submit(...).result()` (or `fut = ex.submit(...)` then
 * `fut.result()`), `pool.apply_async(...).get()`, and `pool.apply(...)` inside a loop.
 *
 * Why is this bad? Each iteration waits for its own worker before starting the next one, so the
 * workers run one at a time: the concurrency is an illusion, with the overhead of threads or
 * processes on top.
 *
 * Example:
 *     for t in threads:
 *         t.start()
 *         t.join()
 *
 * Use instead:
 *     for t in threads:
 *         t.start()
 *     for t in threads:
 *         t.join()
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../types';
import type { Scope } from '../model/scopes';
import type { PythonRule, RuleContext } from '../rule';
import { SourceText } from '../source';
import { aloneOnItsLines, blockStatements, callsWithin, methodCall, sameExpression, statementOf } from './common';
import { calledMethodName } from './calls';

const LOOPS = ['for_statement', 'while_statement'];
const COMPREHENSIONS = ['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'];

export const joinInLoop: PythonRule = {
  meta: {
    id: 'CL003',
    name: 'join-in-loop',
    defaultSeverity: 'warning',
    summary:
      'A thread, process or task is started and waited for in the same loop iteration, so the work runs one item at a time.',
    languages: ['python'],
    fixable: true,
  },
  nodeTypes: ['call'],
  words: ['join', 'result', 'get', 'apply'],
  check(node, scope, ctx) {
    const name = calledMethodName(node);
    if (name !== 'join' && name !== 'result' && name !== 'get' && name !== 'apply') return;
    const call = methodCall(node);
    if (!call) return;
    switch (call.method) {
      case 'join':
        return checkJoin(node, call.receiver, scope, ctx);
      case 'result':
        return checkWait(node, call.receiver, scope, ctx, 'future', 'submit');
      case 'get':
        return checkWait(node, call.receiver, scope, ctx, 'asyncResult', 'apply_async');
      case 'apply':
        return checkApply(node, call.receiver, scope, ctx);
      default:
        return;
    }
  },
};

/** The innermost loop (statement or comprehension) around `node` within its function. */
function innermostLoop(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (LOOPS.includes(n.type) || COMPREHENSIONS.includes(n.type)) {
      // The iterable of a for loop is evaluated once, before the loop: not part of an iteration.
      if (n.type === 'for_statement' && n.childForFieldName('right')?.id === node.id) continue;
      return n;
    }
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') return undefined;
  }
  return undefined;
}

function checkJoin(join: Node, receiver: Node, scope: Scope, ctx: RuleContext): void {
  const kind = ctx.model.objectType(receiver, scope)?.of;
  if (kind !== 'thread' && kind !== 'process') return;
  const loop = innermostLoop(join);
  if (!loop || !LOOPS.includes(loop.type)) return;
  const start = callsWithin(loop.childForFieldName('body')!).find((c) => {
    const m = methodCall(c);
    return m?.method === 'start' && sameExpression(m.receiver, receiver) && c.startIndex < join.startIndex && innermostLoop(c)?.id === loop.id;
  });
  if (!start) return;
  const [noun, plural] = kind === 'thread' ? ['thread', 'threads'] : ['process', 'processes'];
  ctx.report({
    node: join,
    message: `${noun} '${receiver.text}' is started and joined in the same loop iteration, so the ${plural} run one at a time. Start them all in one loop, then join them in a second loop.`,
    related: [{ range: SourceText.range(start), message: `'${receiver.text}' is started here, in the same iteration` }],
    fixes: splitLoopFix(loop, start, join, receiver, kind, scope, ctx),
  });
}

/** `ex.submit(...).result()` / `fut = ex.submit(...)` then `fut.result()` in one iteration (and apply_async/get). */
function checkWait(wait: Node, receiver: Node, scope: Scope, ctx: RuleContext, kind: 'future' | 'asyncResult', spawnMethod: string): void {
  const loop = innermostLoop(wait);
  if (!loop) return;
  let spawn: Node | undefined;
  if (receiver.type === 'call') {
    if (ctx.model.objectType(receiver, scope)?.of === kind) spawn = receiver;
  } else if (receiver.type === 'identifier') {
    spawn = spawnAssignedInIteration(receiver, wait, loop, scope, ctx, kind);
  }
  if (!spawn) return;
  const started = spawnMethod === 'submit' ? 'submitted' : 'started with apply_async()';
  const what = kind === 'future' ? 'result()' : 'get()';
  ctx.report({
    node: wait,
    message: `'${what}' waits for the task ${started} in the same loop iteration, so the tasks run one at a time. Start them all first and keep the ${kind === 'future' ? 'futures' : 'results'}, then wait for them after the loop (or use map()).`,
    related: [{ range: SourceText.range(spawn), message: `the task is ${started} here, in the same iteration` }],
  });
}

function spawnAssignedInIteration(name: Node, wait: Node, loop: Node, scope: Scope, ctx: RuleContext, kind: string): Node | undefined {
  const body = LOOPS.includes(loop.type) ? loop.childForFieldName('body') : undefined;
  if (!body) return undefined;
  for (const call of callsWithin(body)) {
    if (call.startIndex >= wait.startIndex || innermostLoop(call)?.id !== loop.id) continue;
    const assignment = call.parent;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== call.id) continue;
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'identifier' || left.text !== name.text) continue;
    if (ctx.model.objectType(call, scope)?.of === kind) return call;
  }
  return undefined;
}

function checkApply(apply: Node, receiver: Node, scope: Scope, ctx: RuleContext): void {
  const kind = ctx.model.objectType(receiver, scope)?.of;
  if (kind !== 'processPool' && kind !== 'threadPool') return;
  const loop = innermostLoop(apply);
  if (!loop) return;
  ctx.report({
    node: apply,
    message: `'${receiver.text}.apply()' blocks until its task finishes, so inside a loop the pool runs one task at a time. Use apply_async() and collect the results after the loop, or map()/imap().`,
    related: [{ range: SourceText.range(loop.type === 'for_statement' || loop.type === 'while_statement' ? loop.firstChild! : loop), message: 'the loop' }],
  });
}

/**
 * When the loop body is just create/start/join, split it: one loop starts every worker, a second
 * joins them. `for t in ts: t.start(); t.join()` keeps iterating `ts`; a body that creates the
 * worker collects it into a new list.
 */
function splitLoopFix(loop: Node, start: Node, join: Node, receiver: Node, kind: string, scope: Scope, ctx: RuleContext): Fix[] {
  if (loop.type !== 'for_statement' || receiver.type !== 'identifier') return [];
  const { source } = ctx;
  const body = blockStatements(loop.childForFieldName('body'));
  const startStmt = statementOf(start);
  const joinStmt = statementOf(join);
  if (!startStmt || !joinStmt || body[body.length - 1]?.id !== joinStmt.id) return [];
  if (body[body.length - 2]?.id !== startStmt.id) return [];
  if (![...body, loop].every((s) => aloneOnItsLines(s, source.lines))) return [];
  const header = loop.childForFieldName('body')!.startPosition.row > loop.startPosition.row;
  if (!header) return [];
  const indent = source.indentOf(loop.startPosition.row);
  const unit = source.indentUnit;
  const loopVar = loop.childForFieldName('left');
  const iterable = loop.childForFieldName('right');
  if (!loopVar || !iterable) return [];
  const headerLines = source.linesText(loop.startPosition.row, loop.childForFieldName('body')!.startPosition.row - 1);
  const beforeJoin = source.linesText(body[0].startPosition.row, joinStmt.startPosition.row - 1);
  const joinLine = `${indent}${unit}${joinStmt.text}`;

  if (loopVar.type === 'identifier' && loopVar.text === receiver.text && body.length === 2) {
    // for t in ts: t.start(); t.join()  ->  two loops over ts
    return [
      {
        title: 'Start every worker first, then join them in a second loop',
        safe: false,
        edits: [
          source.replaceLines(loop.startPosition.row, joinStmt.endPosition.row, [
            ...headerLines,
            ...beforeJoin,
            `${indent}for ${receiver.text} in ${iterable.text}:`,
            joinLine,
          ]),
        ],
      },
    ];
  }
  // The worker is created in the body: every statement before start() must be simple (no nested blocks).
  const created = body.slice(0, -2);
  if (created.length === 0 || created.some((s) => s.type !== 'expression_statement')) return [];
  const listName = freshName(kind === 'thread' ? 'threads' : 'processes', scope, ctx);
  return [
    {
      title: 'Start every worker first, then join them in a second loop',
      safe: false,
      edits: [
        source.replaceLines(loop.startPosition.row, joinStmt.endPosition.row, [
          `${indent}${listName} = []`,
          ...headerLines,
          ...beforeJoin,
          `${indent}${unit}${listName}.append(${receiver.text})`,
          `${indent}for ${receiver.text} in ${listName}:`,
          joinLine,
        ]),
      ],
    },
  ];
}

function freshName(base: string, scope: Scope, ctx: RuleContext): string {
  for (let i = 0; ; i++) {
    const name = i === 0 ? base : `${base}_${i}`;
    if (ctx.model.bindingsOf(name, scope).length === 0) return name;
  }
}
