/**
 * CL002 unserializable-payload (TypeScript/JavaScript)
 *
 * What it does: walks the static type of what is sent to another thread or process —
 * `worker.postMessage`, `parentPort.postMessage`, `port.postMessage`, `new Worker(file, { workerData })`,
 * `structuredClone`, `piscina.run`, `tinypool.run`, workerpool `exec` params, `child.send` /
 * `process.send` — and names the property path that cannot travel.
 *
 * Why is this bad? Structured clone throws a DataCloneError on functions, symbols, Promises,
 * WeakMap/WeakSet/WeakRef and MessagePorts that are not transferred (error), and copies class
 * instances as plain objects, so their methods are undefined on the other side (warning).
 * `child.send` uses JSON unless the child was forked with `serialization: 'advanced'`: Map, Set,
 * Date, BigInt and functions are dropped or changed (warning).
 *
 * Example:
 *     worker.postMessage({ rows, onProgress: (n) => bar.update(n) });
 *
 * Use instead:
 *     worker.postMessage({ rows });
 *     worker.on('message', (n) => bar.update(n));
 *
 * Not flagged: plain data, typed arrays, ArrayBuffers (transferred or copied), Map/Set/Date under
 * structured clone, classes without methods or accessors, values typed `any`/`unknown`, a piscina
 * task wrapped in `Piscina.move()` (the pool transfers it).
 */
import ts from 'typescript';
import type { ConcurrencyKind } from '../model';
import { tsRuleMeta } from '../meta';
import type { TsRule, TsRuleContext } from '../rule';
import { PayloadWalker, Serialization } from './payload';
import { forEachDescendant, methodCall, skipOuter } from './syntax';

export const unserializablePayload: TsRule = {
  meta: tsRuleMeta('CL002'),
  kinds: [ts.SyntaxKind.CallExpression, ts.SyntaxKind.NewExpression],
  check(node, ctx) {
    for (const site of payloadSites(node as ts.CallExpression | ts.NewExpression, ctx)) checkSite(site, ctx);
  },
  // A site's finding comes from its arguments' types, and for `send()` from whether the child was
  // forked with serialization: 'advanced', read from the code that made it. For `child.send()` that
  // is the initializer of the variable `child`: an edit in a body can only change it when the
  // variable is declared in that body, and then so is every `child.send()` that names it. For
  // `this.child.send()` it may be what a constructor assigns, anywhere in the class: no extent.
  // Calls that cannot send anything are told by their name at once: there is nothing to keep for them.
  siteExtent(node) {
    if (ts.isNewExpression(node)) return node;
    const call = methodCall(node);
    if (call) {
      if (call.method === 'send') return ts.isIdentifier(skipOuter(call.receiver)) ? node : undefined;
      return PAYLOAD_METHODS.has(call.method) ? node : undefined;
    }
    return isStructuredCloneCall(node as ts.CallExpression) ? node : undefined;
  },
};

/** One value sent across: the expression, what to call it in a message, the operation, its transfer list. */
interface PayloadSite {
  payload: ts.Expression;
  root: string;
  operation: string;
  transfer?: ts.Expression;
  mode: Serialization;
  /** The task is wrapped by Piscina.move(): piscina transfers what it wraps. */
  moved?: boolean;
}

/** The methods that send a payload, on a receiver of the right kind. */
const PAYLOAD_METHODS = new Set(['postMessage', 'run', 'exec', 'send']);
const POSTERS = new Set<ConcurrencyKind>(['worker', 'webWorker', 'messagePort']);
const SENDERS = new Set<ConcurrencyKind>(['childProcess', 'clusterWorker', 'process']);

function payloadSites(node: ts.CallExpression | ts.NewExpression, ctx: TsRuleContext): PayloadSite[] {
  const args = node.arguments ?? ts.factory.createNodeArray();
  if (ts.isNewExpression(node)) {
    if (ctx.model.constructedKind(node) !== 'worker') return [];
    const options = args[1] && skipOuter(args[1]);
    if (!options || !ts.isObjectLiteralExpression(options)) return [];
    const workerData = property(options, 'workerData');
    return workerData ? [{ payload: workerData, root: 'workerData', operation: 'new Worker({ workerData })', transfer: property(options, 'transferList'), mode: 'clone' }] : [];
  }
  const call = methodCall(node);
  if (call) {
    const { method } = call;
    if (!PAYLOAD_METHODS.has(method)) return [];
    const kind = ctx.model.kindOf(call.receiver);
    if (!kind) return [];
    if (method === 'postMessage' && POSTERS.has(kind) && args[0]) {
      return [site(args[0], 'message', 'postMessage()', transferOf(args[1], 'transfer'), 'clone')];
    }
    if (method === 'run' && (kind === 'piscina' || kind === 'tinypool') && args[0]) {
      const task = site(args[0], 'task', `${kind}.run()`, transferOf(args[1], 'transferList'), 'clone');
      return [kind === 'piscina' && movedByPiscina(args[0], ctx) ? { ...task, moved: true } : task];
    }
    if (method === 'exec' && kind === 'workerpool' && args[1]) {
      const params = skipOuter(args[1]);
      const transfer = transferOf(args[2], 'transfer');
      if (ts.isArrayLiteralExpression(params)) {
        return params.elements.filter((e) => !ts.isSpreadElement(e)).map((e, i) => site(e, `params[${i}]`, 'pool.exec()', transfer, 'clone'));
      }
      return [site(params, 'params', 'pool.exec()', transfer, 'clone')];
    }
    if (method === 'send' && SENDERS.has(kind) && args[0]) {
      const mode = kind === 'childProcess' && forkedWithAdvancedSerialization(call.receiver, ctx) ? 'clone' : 'json';
      return [site(args[0], 'message', `${kind === 'process' ? 'process' : 'child'}.send()`, undefined, mode)];
    }
    return [];
  }
  if (isStructuredCloneCall(node) && args[0]) {
    const resolved = ctx.model.callee(node);
    if (resolved?.name === 'structuredClone' && (resolved.pkg === 'lib' || resolved.pkg === '@types/node')) {
      return [site(args[0], 'value', 'structuredClone()', transferOf(args[1], 'transfer'), 'clone')];
    }
  }
  return [];
}

/** `structuredClone(...)` by name (which function it is, the checker tells). */
function isStructuredCloneCall(node: ts.CallExpression): boolean {
  const callee = skipOuter(node.expression);
  return ts.isIdentifier(callee) && callee.text === 'structuredClone';
}

function site(payload: ts.Expression, role: string, operation: string, transfer: ts.Expression | undefined, mode: Serialization): PayloadSite {
  const inner = skipOuter(payload);
  const named = ts.isIdentifier(inner) || (ts.isPropertyAccessExpression(inner) && inner.getText().length <= 40);
  return { payload, root: named ? inner.getText().replace(/\s+/g, '') : role, operation, transfer, mode };
}

function property(obj: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const p of obj.properties) {
    if (ts.isPropertyAssignment(p) && p.name.getText() === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

/** The transfer list: an array argument, or the `transfer`/`transferList` property of an options object. */
function transferOf(arg: ts.Expression | undefined, key: string): ts.Expression | undefined {
  if (!arg) return undefined;
  const inner = skipOuter(arg);
  if (ts.isObjectLiteralExpression(inner)) return property(inner, key);
  return inner;
}

/** `Piscina.move(value)` / piscina's `move(value)` as the whole task: piscina moves the value to the worker. */
function movedByPiscina(task: ts.Expression, ctx: TsRuleContext): boolean {
  const inner = skipOuter(task);
  if (!ts.isCallExpression(inner)) return false;
  const resolved = ctx.model.callee(inner);
  return resolved?.pkg === 'piscina' && resolved.name === 'move';
}

function portsTransferred(transfer: ts.Expression | undefined, ctx: TsRuleContext): boolean {
  if (!transfer) return false;
  const inner = skipOuter(transfer);
  if (ts.isArrayLiteralExpression(inner)) return inner.elements.some((e) => ctx.model.kindOf(e) === 'messagePort');
  // A list built elsewhere: trust it when its element type can hold a port.
  const type = ctx.model.typeOf(inner);
  const element = ctx.model.checker.isArrayType(type) ? ctx.model.checker.getTypeArguments(type as ts.TypeReference)[0] : undefined;
  return !element || !!(element.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) || element.isUnion() || ctx.model.kindOfType(element) === 'messagePort';
}

/** `const child = fork(file, [], { serialization: 'advanced' })`: send() uses structured clone. */
function forkedWithAdvancedSerialization(receiver: ts.Expression, ctx: TsRuleContext): boolean {
  const symbol = ctx.model.symbolOf(skipOuter(receiver));
  for (const decl of symbol?.declarations ?? []) {
    for (const value of assignedValues(decl)) {
      const init = skipOuter(value);
      if (!ts.isCallExpression(init)) continue;
      for (const arg of init.arguments) {
        const options = skipOuter(arg);
        if (ts.isObjectLiteralExpression(options)) {
          const serialization = property(options, 'serialization');
          if (serialization && ts.isStringLiteralLike(serialization) && serialization.text === 'advanced') return true;
        }
      }
    }
  }
  return false;
}

/**
 * The values a declaration gives its name: the initializer; a JS `this.child = fork(...)` (its own
 * declaration); and for a class field declared without one, what the constructor assigns to `this.<field>`.
 */
function assignedValues(decl: ts.Declaration): ts.Expression[] {
  if ((ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl)) && decl.initializer) return [decl.initializer];
  if (ts.isBinaryExpression(decl)) return [decl.right];
  if (ts.isPropertyAccessExpression(decl) && ts.isBinaryExpression(decl.parent)) return [decl.parent.right];
  if (!ts.isPropertyDeclaration(decl) || !ts.isClassLike(decl.parent)) return [];
  const field = decl.name.getText();
  const values: ts.Expression[] = [];
  for (const member of decl.parent.members) {
    if (!ts.isConstructorDeclaration(member) || !member.body) continue;
    forEachDescendant(member.body, (n) => {
      if (!ts.isBinaryExpression(n) || n.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return;
      const target = skipOuter(n.left);
      if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword && target.name.text === field) values.push(n.right);
    });
  }
  return values;
}

function checkSite(s: PayloadSite, ctx: TsRuleContext): void {
  const walker = new PayloadWalker(ctx.model, s.mode, s.moved === true || portsTransferred(s.transfer, ctx));
  const problem = walker.find(ctx.model.typeOf(s.payload), s.root);
  if (!problem) return;
  const how = s.mode === 'json' ? `${s.operation} serializes with JSON (the default without serialization: 'advanced')` : `${s.operation} copies it with structured clone`;
  ctx.report({
    node: s.payload,
    severity: problem.severity,
    message: `${problem.path} is ${problem.what}: ${how}, and ${problem.consequence}.`,
  });
}
