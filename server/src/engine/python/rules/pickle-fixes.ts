// CL002's rewrites that make a callable picklable: move a nested function that uses no names of
// its enclosing function to module level, and turn `lambda x: f(x, k)` into `functools.partial`.
import type { Node } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../../types';
import type { SemanticModel } from '../model/model';
import type { FunctionInfo, Scope } from '../model/scopes';
import type { SourceText } from '../source';
import { SourceText as Text } from '../source';
import { aloneOnItsLines, blockStatements, callArguments } from './common';
import { unparenthesized } from './handoff';

const PARAM_BINDING_PARENTS = new Set(['parameters', 'lambda_parameters', 'list_splat_pattern', 'dictionary_splat_pattern']);

/** Moves `def fn` out of its enclosing function to just before the top-level statement holding it. */
export function moveToModuleLevelFix(fn: FunctionInfo, model: SemanticModel, source: SourceText): Fix | undefined {
  const outer = fn.scope.parent;
  if (fn.isLambda || fn.ownerClass || outer?.kind !== 'function') return undefined;
  const def = fn.node.parent?.type === 'decorated_definition' ? fn.node.parent : fn.node;
  const block = def.parent;
  if (!block || block.id !== outer.node.childForFieldName('body')?.id) return undefined;
  if (blockStatements(block).length < 2 || !aloneOnItsLines(def, source.lines)) return undefined;
  // Another binding of the name, here or at module level, would make the move change which object it names.
  if (model.moduleScope.bindings.has(fn.name) || (outer.bindings.get(fn.name)?.length ?? 0) !== 1) return undefined;

  let top: Node = def;
  while (top.parent && top.parent.type !== 'module') top = top.parent;
  let insertRow = top.startPosition.row;
  while (insertRow > 0 && /^#/.test(source.lineText(insertRow - 1))) insertRow--;
  if (usesEnclosingNames(fn, def, model, insertRow)) return undefined;

  // Comment lines right above the def describe it: they move along.
  const indent = source.indentOf(def.startPosition.row);
  let first = def.startPosition.row;
  while (source.lineText(first - 1).startsWith(indent) && source.lineText(first - 1).trim().startsWith('#')) first--;
  const last = def.endPosition.row;
  const inString = stringContinuationRows(def);
  const moved = source
    .linesText(first, last)
    .map((l, i) => (inString.has(first + i) ? l : l.startsWith(indent) ? l.slice(indent.length) : l.trim() === '' ? '' : l));
  const blankBefore = source.lineText(first - 1).trim() === '' || first - 1 === outer.node.startPosition.row;
  const removeLast = blankBefore && last + 1 < source.lines.length - 1 && source.lineText(last + 1).trim() === '' ? last + 1 : last;
  const removal: TextEdit = { range: source.lineSpan(first, removeLast), newText: '' };
  return {
    title: `Move '${fn.name}' to module level`,
    safe: true,
    edits: [source.insertLinesBefore(insertRow, [...moved, '', '']), removal],
  };
}

/**
 * Whether the function reads a name bound in an enclosing function (a closure), or evaluates at
 * definition time (decorators, defaults, annotations) a module name bound only below `insertRow`.
 */
function usesEnclosingNames(fn: FunctionInfo, def: Node, model: SemanticModel, insertRow: number): boolean {
  const stack: Node[] = [def];
  while (stack.length) {
    const n = stack.pop()!;
    for (const c of n.namedChildren) if (c) stack.push(c);
    if (n.type !== 'identifier' || isBindingOrMemberName(n)) continue;
    let scope = model.scopeAt(n);
    let atDefinition = inDecorator(n);
    if (inParameters(n, scope)) {
      scope = scope.parent ?? scope;
      atDefinition = true;
    }
    const owner = scope.lookup(n.text);
    if (!owner) continue; // a builtin
    if (owner.kind === 'module') {
      const ownDefinitionTime = atDefinition && scope === fn.scope.parent;
      if (ownDefinitionTime && (owner.bindings.get(n.text) ?? []).some((b) => b.name.startPosition.row >= insertRow)) return true;
      continue;
    }
    if (isWithin(owner, fn.scope)) continue;
    if (n.text === fn.name && owner === fn.scope.parent) continue; // recursion: the name is global after the move
    return true;
  }
  return false;
}

/** Parameter names and `x.attr` / `f(k=...)` names: not reads of a variable. */
function isBindingOrMemberName(id: Node): boolean {
  const p = id.parent;
  if (!p) return false;
  if (p.type === 'attribute') return p.childForFieldName('attribute')?.id === id.id;
  if (p.type === 'keyword_argument') return p.childForFieldName('name')?.id === id.id;
  if (PARAM_BINDING_PARENTS.has(p.type)) return true;
  if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') return p.childForFieldName('name')?.id === id.id;
  if (p.type === 'typed_parameter') return p.childForFieldName('type')?.id !== id.id;
  return false;
}

/** Whether `id` sits in the parameters (defaults, annotations) or return annotation of the scope's function. */
function inParameters(id: Node, scope: Scope): boolean {
  if (scope.kind !== 'function' && scope.kind !== 'lambda') return false;
  const within = (outerNode: Node | null | undefined) =>
    !!outerNode && outerNode.startIndex <= id.startIndex && id.endIndex <= outerNode.endIndex;
  return within(scope.node.childForFieldName('parameters')) || within(scope.node.childForFieldName('return_type'));
}

/** A decorator is evaluated in the scope around the definition, when the definition runs. */
function inDecorator(id: Node): boolean {
  for (let n = id.parent; n; n = n.parent) {
    if (n.type === 'decorator') return true;
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda' || n.type === 'block') return false;
  }
  return false;
}

function isWithin(scope: Scope, ancestor: Scope): boolean {
  for (let s: Scope | undefined = scope; s; s = s.parent) if (s === ancestor) return true;
  return false;
}

/** Rows that continue a multi-line string: re-indenting them would change the string's value. */
export function stringContinuationRows(root: Node): Set<number> {
  const rows = new Set<number>();
  const stack: Node[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.startPosition.row === n.endPosition.row) continue;
    if (n.type === 'string') {
      for (let r = n.startPosition.row + 1; r <= n.endPosition.row; r++) rows.add(r);
      continue;
    }
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return rows;
}

/**
 * `lambda x: f(x)` -> `f`; `lambda x: f(k, x)` -> `functools.partial(f, k)`; `lambda x: f(x, k)` ->
 * `functools.partial(f, b=k)` when f is a function of this module whose second parameter is b.
 * Only when f itself is picklable: a module-level function or an imported name.
 */
export function lambdaToPartialFix(lambda: Node, scope: Scope, model: SemanticModel, source: SourceText): Fix | undefined {
  const params = lambda.childForFieldName('parameters')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
  const body = lambda.childForFieldName('body');
  if (params.length !== 1 || params[0]?.type !== 'identifier' || !body) return undefined;
  const param = params[0].text;
  const call = unparenthesized(body);
  if (call.type !== 'call') return undefined;
  const callee = call.childForFieldName('function');
  if (!callee || !picklableCallee(callee, scope, model)) return undefined;
  const { args, keywords } = callArguments(call);
  if (args.some((a) => a.type !== 'identifier' && usesName(a, param)) || [...keywords.values()].some((v) => usesName(v, param))) {
    return undefined;
  }
  if (args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat' || a.type === 'generator_expression')) return undefined;
  const at = args.findIndex((a) => a.type === 'identifier' && a.text === param);
  if (at < 0 || args.filter((a) => a.text === param).length !== 1 || usesName(callee, param)) return undefined;

  const name = callee.text;
  if (args.length === 1 && keywords.size === 0) {
    return { title: `Pass '${name}' instead of the lambda`, safe: false, edits: [Text.replace(lambda, name)] };
  }
  const bound: string[] = args.slice(0, at).map((a) => a.text);
  if (at < args.length - 1) {
    // The values after x must become keywords: take the names from f's own parameters.
    const fn = model.functionOf(callee, scope);
    const names = fn ? positionalParameterNames(fn, args.length) : undefined;
    if (!names) return undefined;
    for (let i = at + 1; i < args.length; i++) {
      if (keywords.has(names[i])) return undefined;
      bound.push(`${names[i]}=${args[i].text}`);
    }
  }
  for (const [k, v] of keywords) bound.push(`${k}=${v.text}`);
  const partial = partialReference(scope, model, source);
  if (!partial) return undefined;
  const replacement = `${partial.name}(${[name, ...bound].join(', ')})`;
  return {
    title: `Replace the lambda with ${partial.name}(${name}, ...)`,
    safe: false,
    edits: [...partial.edits, Text.replace(lambda, replacement)],
  };
}

function usesName(node: Node, name: string): boolean {
  const stack: Node[] = [node];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'identifier' && n.text === name && !isBindingOrMemberName(n)) return true;
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return false;
}

/** A module-level function of this file, or a name imported from another module. */
function picklableCallee(callee: Node, scope: Scope, model: SemanticModel): boolean {
  const fn = model.functionOf(callee, scope);
  if (fn) return !fn.isLambda && !fn.ownerClass && !model.enclosingFunction(fn) && fn.decorators.length === 0;
  let head = callee;
  while (head.type === 'attribute') head = head.childForFieldName('object')!;
  if (head.type !== 'identifier') return false;
  const q = model.qualifiedName(callee, scope);
  return !!q && !q.startsWith('builtins.') && model.bindingsOf(head.text, scope).every((b) => b.kind === 'import');
}

/** The names of f's first `count` parameters, when they can all be passed by position or keyword. */
function positionalParameterNames(fn: FunctionInfo, count: number): string[] | undefined {
  if (fn.isLambda || fn.ownerClass || fn.decorators.length) return undefined;
  const nodes = fn.node.childForFieldName('parameters')?.namedChildren.filter((c) => c?.type !== 'comment') ?? [];
  if (nodes.some((n) => n?.type === 'positional_separator')) return undefined;
  const plain = ['identifier', 'default_parameter', 'typed_parameter', 'typed_default_parameter'];
  if (nodes.length < count || nodes.slice(0, count).some((n) => !n || !plain.includes(n.type))) return undefined;
  const params = fn.params.slice(0, count);
  return params.length === count && params.every((p) => !p.splat) ? params.map((p) => p.name) : undefined;
}

/** How to write `functools.partial` here, and the import to add when the module has none. */
function partialReference(scope: Scope, model: SemanticModel, source: SourceText): { name: string; edits: TextEdit[] } | undefined {
  const module = model.moduleScope;
  for (const [name, bindings] of module.bindings) {
    if (bindings.every((b) => b.kind === 'import') && scope.lookup(name) === module) {
      if (bindings.every((b) => b.qname === 'functools.partial')) return { name, edits: [] };
      if (bindings.every((b) => b.qname === 'functools')) return { name: `${name}.partial`, edits: [] };
    }
  }
  if (scope.lookup('functools')) return undefined;
  const statements = blockStatements(module.node);
  const imports = statements.filter((s) => /^(import_statement|import_from_statement|future_import_statement)$/.test(s.type));
  const lastImport = imports[imports.length - 1];
  if (lastImport) {
    if (!aloneOnItsLines(lastImport, source.lines)) return undefined;
    return { name: 'functools.partial', edits: [source.insertLinesBefore(lastImport.endPosition.row + 1, ['import functools'])] };
  }
  const firstCode = statements.find((s) => !(s.type === 'expression_statement' && s.namedChildren[0]?.type === 'string'));
  if (!firstCode) return undefined;
  return { name: 'functools.partial', edits: [source.insertLinesBefore(firstCode.startPosition.row, ['import functools', ''])] };
}
