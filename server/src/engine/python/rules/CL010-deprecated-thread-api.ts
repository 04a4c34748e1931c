/**
 * CL010 deprecated-thread-api
 *
 * What it does: finds the camelCase threading API that Python 3.10 deprecated: `setDaemon`,
 * `isDaemon`, `getName` and `setName` called on a thread, and `threading.currentThread()` /
 * `threading.activeCount()`.
 *
 * Why is this bad? They emit DeprecationWarning and are slated for removal; the property and
 * snake_case forms have existed since Python 2.6 and do the same.
 *
 * Example:
 *     name = threading.currentThread().getName()
 *     worker.setDaemon(True)
 *
 * Use instead:
 *     name = threading.current_thread().name
 *     worker.daemon = True
 *
 * Not flagged: processes (`multiprocessing.Process` never had these methods), receivers not known to
 * be threads, a Thread subclass that defines the method itself, and user functions of those names.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix } from '../../types';
import { calleeOf } from '../model/callee';
import type { Scope } from '../model/scopes';
import type { PythonRule, RuleContext } from '../rule';
import { SourceText } from '../source';
import { methodCall, MethodCall, statementOf } from './common';

/** Deprecated thread method -> the property that replaces it. */
const METHODS: Record<string, { property: string; setter: boolean; keyword?: string }> = {
  setDaemon: { property: 'daemon', setter: true, keyword: 'daemonic' },
  isDaemon: { property: 'daemon', setter: false },
  setName: { property: 'name', setter: true, keyword: 'name' },
  getName: { property: 'name', setter: false },
};

/** Deprecated module functions -> their snake_case names. */
const FUNCTIONS: Record<string, string> = {
  'threading.currentThread': 'current_thread',
  'threading.activeCount': 'active_count',
};

const DEPRECATED_NAMES = Object.fromEntries(Object.keys(FUNCTIONS).map((q) => [q.slice(q.lastIndexOf('.') + 1), true]));

export const deprecatedThreadApi: PythonRule = {
  meta: {
    id: 'CL010',
    name: 'deprecated-thread-api',
    defaultSeverity: 'info',
    summary:
      'setDaemon, isDaemon, getName, setName, threading.currentThread and threading.activeCount are deprecated since Python 3.10.',
    languages: ['python'],
    fixable: true,
  },
  nodeTypes: ['call'],
  words: [...Object.keys(METHODS), ...Object.keys(DEPRECATED_NAMES)],
  check(node, scope, ctx) {
    const callee = calleeOf(node);
    const name = callee?.name;
    if (!callee || name === undefined) return;
    if (callee.isMethod && Object.hasOwn(METHODS, name)) {
      const call = methodCall(node);
      if (call && isThreadMethod(callee.node, scope, ctx)) reportMethod(call, ctx);
      return;
    }
    // Module functions: `threading.currentThread` by its last name, or a name imported under any alias.
    if (callee.isMethod && !Object.hasOwn(DEPRECATED_NAMES, name)) return;
    const qname = callee.isMethod ? ctx.model.qualifiedName(callee.node, scope) : ctx.model.qualifiedNameOf(name, scope);
    const replacement = qname ? FUNCTIONS[qname] : undefined;
    if (!qname || !replacement) return;
    const old = qname.slice(qname.lastIndexOf('.') + 1);
    ctx.report({
      node,
      message: `'threading.${old}()' is deprecated since Python 3.10 and warns at run time; call 'threading.${replacement}()' instead.`,
      // A name imported with `from threading import currentThread` is left to the user: renaming one
      // call would need the import and every other use renamed too.
      fixes: callee.attribute
        ? [{ title: `Use 'threading.${replacement}()'`, safe: true, edits: [SourceText.replace(callee.attribute, replacement)] }]
        : [],
    });
  },
};

/** `t.getName` where t is a thread and the method is threading's own, not a subclass override. */
function isThreadMethod(fnNode: Node, scope: Scope, ctx: RuleContext): boolean {
  const t = ctx.model.typeOf(fnNode, scope);
  return t?.kind === 'method' && ctx.model.asObject(t.receiver)?.of === 'thread';
}

function reportMethod(call: MethodCall, ctx: RuleContext): void {
  const spec = METHODS[call.method];
  const name = call.receiver.text;
  const use = spec.setter ? `${name}.${spec.property} = ...` : `${name}.${spec.property}`;
  ctx.report({
    node: call.call,
    message: `Thread method '${call.method}()' is deprecated since Python 3.10 and warns at run time; use '${use}' instead.`,
    fixes: fixFor(call),
  });
}

function fixFor(call: MethodCall): Fix[] {
  const spec = METHODS[call.method];
  const name = call.receiver.text;
  const title = `Use '${name}.${spec.property}'`;
  if (!spec.setter) {
    if (call.args.length > 0 || call.keywords.size > 0) return [];
    return [{ title, safe: true, edits: [SourceText.replace(call.call, `${name}.${spec.property}`)] }];
  }
  // A setter becomes an assignment, which only a statement of its own can hold.
  const stmt = statementOf(call.call);
  if (stmt?.type !== 'expression_statement' || stmt.namedChildren[0]?.id !== call.call.id) return [];
  const value =
    call.args.length === 1 && call.keywords.size === 0
      ? call.args[0]
      : spec.keyword && call.args.length === 0 && call.keywords.size === 1
        ? call.keywords.get(spec.keyword)
        : undefined;
  if (!value) return [];
  return [{ title, safe: true, edits: [SourceText.replace(call.call, `${name}.${spec.property} = ${value.text}`)] }];
}
