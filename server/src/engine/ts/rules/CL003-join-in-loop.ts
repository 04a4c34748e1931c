/**
 * CL003 join-in-loop (TypeScript/JavaScript)
 *
 * What it does: finds loops that start a worker or child process and wait for it in the same
 * iteration (`await once(w, 'exit')`, `await new Promise((r) => w.on('exit', r))`), and
 * `await pool.run(...)` / `await pool.exec(...)` (piscina, tinypool, workerpool) in a loop body.
 *
 * Why is this bad? Each iteration waits for its work to finish before the next one starts: the
 * workers run one at a time and the pool's parallelism is never used.
 *
 * Example:
 *     for (const file of files) {
 *       await pool.run(file);
 *     }
 *
 * Use instead:
 *     await Promise.all(files.map((file) => pool.run(file)));
 *
 * Not flagged: `Promise.all` over the spawns, awaits in a callback inside the loop, handles created
 * outside the loop, `for await` over results.
 */
import ts from 'typescript';
import type { Fix } from '../../types';
import { tsRuleMeta } from '../meta';
import type { TsRule, TsRuleContext } from '../rule';
import { awaitedHandle, creationOf } from './spawns';
import { enclosingLoop, isInside, methodCall, skipOuter } from './syntax';

const POOL_METHODS: Record<string, string> = { piscina: 'run', tinypool: 'run', workerpool: 'exec' };

export const joinInLoop: TsRule = {
  meta: tsRuleMeta('CL003'),
  kinds: [ts.SyntaxKind.AwaitExpression],
  check(node, ctx) {
    const wait = node as ts.AwaitExpression;
    const loop = enclosingLoop(wait);
    if (!loop) return;
    const operand = skipOuter(wait.expression);
    const pool = methodCall(operand);
    if (pool) {
      const kind = ctx.model.kindOf(pool.receiver);
      if (kind && POOL_METHODS[kind] === pool.method) {
        const name = pool.receiver.getText(ctx.source.file);
        ctx.report({
          node: wait,
          message: `'${name}.${pool.method}()' is awaited inside the loop, so each task waits for the previous one and the pool runs one task at a time. Start all tasks, then await Promise.all(...).`,
          fixes: promiseAllFix(loop, wait, undefined, ctx),
        });
      }
      return;
    }
    const handle = awaitedHandle(operand, ctx.model);
    if (!handle) return;
    const creation = creationOf(handle, ctx.model);
    if (!creation || !isInside(creation, loop.statement)) return;
    const name = handle.getText(ctx.source.file);
    ctx.report({
      node: wait,
      message: `'${name}' is created and waited for in the same loop iteration, so the workers run one at a time. Start them all in the loop and await Promise.all(...) after it.`,
      related: [{ range: ctx.source.range(creation), message: `'${name}' is created here, in the same iteration` }],
      fixes: promiseAllFix(loop, wait, creation, ctx),
    });
  },
};

/**
 * When the loop body is just the spawn (and its handle's declaration) and the await, collect the
 * promises in the loop and await them together after it.
 */
function promiseAllFix(loop: ts.IterationStatement, wait: ts.AwaitExpression, creation: ts.Expression | undefined, ctx: TsRuleContext): Fix[] {
  const src = ctx.source;
  const body = loop.statement;
  const statements = ts.isBlock(body) ? body.statements : [body];
  const waitStmt = wait.parent;
  if (!ts.isExpressionStatement(waitStmt) || statements[statements.length - 1] !== waitStmt) return [];
  const expected = creation ? 2 : 1;
  if (statements.length !== expected) return [];
  if (creation && !(ts.isVariableStatement(statements[0]) && isInside(creation, statements[0]))) return [];
  if (!ts.isBlock(body) || !ts.isBlock(loop.parent) && !ts.isSourceFile(loop.parent) || !src.aloneOnItsLines(loop)) return [];
  if (ts.isForOfStatement(loop) && loop.awaitModifier) return [];
  const name = freshName('pending', src.text);
  const first = src.lineOf(loop);
  const last = src.range(loop).end.line;
  const indent = src.indentOf(first);
  const waitRange = src.range(waitStmt);
  const operand = wait.expression.getText(src.file);
  return [
    {
      title: 'Start every task in the loop and await Promise.all() after it',
      safe: false,
      edits: [
        { range: { start: { line: first, character: 0 }, end: { line: first, character: 0 } }, newText: `${indent}const ${name} = [];${src.eol}` },
        { range: waitRange, newText: `${name}.push(${operand});` },
        { range: { start: { line: last, character: src.lineText(last).length }, end: { line: last, character: src.lineText(last).length } }, newText: `${src.eol}${indent}await Promise.all(${name});` },
      ],
    },
  ];
}

function freshName(base: string, text: string): string {
  for (let i = 0; ; i++) {
    const name = i === 0 ? base : `${base}${i + 1}`;
    if (!new RegExp(`\\b${name}\\b`).test(text)) return name;
  }
}
