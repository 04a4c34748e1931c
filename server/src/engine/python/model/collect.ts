// One pass over the nodes that matter (found by a walk inside the wasm, so deep nesting cannot overflow
// a stack) that opens scopes, records bindings, functions and classes, and hands the nodes rules
// asked for to the caller together with the scope they sit in.
import type { Node, Tree } from 'web-tree-sitter';
import { readCallees } from './callee';
import { Binding, ClassInfo, FunctionInfo, ParamInfo, Scope } from './scopes';

export interface Visit {
  node: Node;
  scope: Scope;
}

export interface Collected {
  moduleScope: Scope;
  functions: FunctionInfo[];
  classes: ClassInfo[];
  /** Nodes of the requested types, in document order. */
  nodes: Map<string, Visit[]>;
}

const SCOPE_TYPES = new Set(['function_definition', 'class_definition', 'lambda']);
const MODEL_TYPES = new Set([
  'function_definition',
  'class_definition',
  'lambda',
  'import_statement',
  'import_from_statement',
  'assignment',
  'global_statement',
  'nonlocal_statement',
  'for_statement',
  'for_in_clause',
  'with_item',
  'named_expression',
  'yield',
]);

export class BudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`analysis took longer than its budget of ${budgetMs} ms`);
  }
}

/**
 * `text` is the source the tree was parsed from: a plain `name = value` assignment is read from it
 * (see plainAssignment), and so are the names calls call (readCallees), unless the node holds a
 * syntax error.
 */
export function collect(tree: Tree, wanted: ReadonlySet<string>, deadline: number, text: string): Collected {
  const root = tree.rootNode;
  const source: AssignmentSource = { text, treeHasError: root.hasError };
  const moduleScope = new Scope('module', root, undefined);
  const functions: FunctionInfo[] = [];
  const classes: ClassInfo[] = [];
  const nodes = new Map<string, Visit[]>();
  for (const t of wanted) nodes.set(t, []);

  // The wasm finds just the node types that matter, in document order (a walk inside the wasm, cheaper
  // than a query); a stack of open scopes (by end offset) tells which scope each one sits in.
  const found = root.descendantsOfType(typesFor(wanted));
  const scopeStack: { end: number; scope: Scope }[] = [{ end: Infinity, scope: moduleScope }];
  let steps = 0;
  for (const node of found) {
    if (!node) continue;
    const type = node.type;
    // `yield` and `lambda` are also the names of the keywords that start those nodes.
    if (ANONYMOUS_TWINS.has(type) && !node.isNamed) continue;
    const start = node.startIndex;
    while (scopeStack[scopeStack.length - 1].end <= start) scopeStack.pop();
    const scope = scopeStack[scopeStack.length - 1].scope;
    if (wanted.has(type)) nodes.get(type)!.push({ node, scope });
    if (MODEL_TYPES.has(type)) {
      const opened = record(node, type, scope, functions, classes, source);
      if (opened && SCOPE_TYPES.has(type)) scopeStack.push({ end: node.endIndex, scope: opened });
    }
    if ((++steps & 1023) === 0 && performance.now() > deadline) throw new BudgetExceeded(0);
  }
  readCallees(text, nodes.get('call') ?? [], !source.treeHasError);
  return { moduleScope, functions, classes, nodes };
}

/** Node types that share their name with a keyword token. */
const ANONYMOUS_TWINS = new Set(['yield', 'lambda']);

const typeLists = new Map<string, string[]>();

function typesFor(wanted: ReadonlySet<string>): string[] {
  const key = [...wanted].sort().join(' ');
  let types = typeLists.get(key);
  if (!types) {
    types = [...new Set([...MODEL_TYPES, ...wanted])];
    typeLists.set(key, types);
  }
  return types;
}

function identifiersOf(target: Node): Node[] {
  if (target.type === 'identifier') return [target];
  if (
    target.type === 'pattern_list' ||
    target.type === 'tuple_pattern' ||
    target.type === 'list_pattern' ||
    target.type === 'tuple' ||
    target.type === 'list' ||
    target.type === 'parenthesized_expression' ||
    target.type === 'as_pattern_target' ||
    target.type === 'list_splat_pattern'
  ) {
    return target.namedChildren.flatMap((c) => (c ? identifiersOf(c) : []));
  }
  return [];
}

function bindTarget(target: Node, scope: Scope, kind: Binding['kind'], value: Node | undefined): void {
  // Unpacking binds names without a known value.
  const single = target.type === 'identifier' || (target.type === 'as_pattern_target' && target.namedChildCount === 1 && target.namedChildren[0]?.type === 'identifier');
  for (const id of identifiersOf(target)) {
    scope.bind(id.text, { kind: single ? kind : 'other', name: id, value: single ? value : undefined, scope });
  }
}

function dottedName(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

function record(
  node: Node,
  type: string,
  scope: Scope,
  functions: FunctionInfo[],
  classes: ClassInfo[],
  source: AssignmentSource,
): Scope | undefined {
  switch (type) {
    case 'function_definition':
    case 'lambda':
      return recordFunction(node, type === 'lambda', scope, functions);
    case 'class_definition': {
      const nameNode = node.childForFieldName('name');
      const own = new Scope('class', node, scope);
      const supers = node.childForFieldName('superclasses');
      const cls: ClassInfo = {
        node,
        name: nameNode?.text ?? '<class>',
        scope: own,
        bases: supers ? supers.namedChildren.filter((c): c is Node => !!c && c.type !== 'keyword_argument') : [],
        attributes: new Map(),
      };
      own.cls = cls;
      classes.push(cls);
      if (nameNode) scope.bind(nameNode.text, { kind: 'class', name: nameNode, cls, scope });
      return own;
    }
    case 'import_statement':
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        if (name.type === 'aliased_import') {
          const dotted = name.childForFieldName('name');
          const alias = name.childForFieldName('alias');
          if (dotted && alias) scope.bind(alias.text, { kind: 'import', name: alias, qname: dottedName(dotted), scope });
        } else {
          // `import a.b` binds `a` to the package a.
          const first = name.namedChildren[0];
          if (first) scope.bind(first.text, { kind: 'import', name: first, qname: first.text, scope });
        }
      }
      return undefined;
    case 'import_from_statement': {
      const moduleNode = node.childForFieldName('module_name');
      if (!moduleNode || moduleNode.type === 'relative_import') return undefined;
      const moduleName = dottedName(moduleNode);
      for (const name of node.childrenForFieldName('name')) {
        if (!name) continue;
        const dotted = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
        const alias = name.type === 'aliased_import' ? name.childForFieldName('alias') : name.namedChildren[0];
        if (dotted && alias) {
          scope.bind(alias.text, { kind: 'import', name: alias, qname: `${moduleName}.${dottedName(dotted)}`, scope });
        }
      }
      return undefined;
    }
    case 'assignment': {
      const name = plainAssignment(node, source);
      if (name !== undefined) {
        scope.bind(name, new PlainAssignment(node, scope));
        return undefined;
      }
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left) return undefined;
      // `a = b = X()`: the inner assignment is visited on its own and gives b its value; a gets it too.
      let value = right ?? undefined;
      while (value && value.type === 'assignment') value = value.childForFieldName('right') ?? undefined;
      if (left.type === 'attribute') recordAttributeAssignment(left, value, scope);
      else bindTarget(left, scope, 'assign', value);
      return undefined;
    }
    case 'named_expression': {
      const name = node.childForFieldName('name');
      const value = node.childForFieldName('value');
      if (name) scope.bind(name.text, { kind: 'assign', name, value: value ?? undefined, scope });
      return undefined;
    }
    case 'global_statement':
    case 'nonlocal_statement':
      for (const id of node.namedChildren) {
        if (id?.type === 'identifier') (type === 'global_statement' ? scope.globals : scope.nonlocals).add(id.text);
      }
      return undefined;
    case 'for_statement':
    case 'for_in_clause': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left) bindTarget(left, scope, 'for', right ?? undefined);
      return undefined;
    }
    case 'with_item': {
      const value = node.childForFieldName('value');
      if (value?.type === 'as_pattern') {
        const alias = value.childForFieldName('alias');
        const expr = value.namedChildren[0];
        if (alias && expr) bindTarget(alias, scope, 'with', expr);
      }
      return undefined;
    }
    case 'yield': {
      const fn = scope.executionScope.fn;
      if (fn) fn.isGenerator = true;
      return undefined;
    }
    default:
      return undefined;
  }
}

interface AssignmentSource {
  text: string;
  treeHasError: boolean;
}

/** A name, then `=` (not `==`): the whole target of a plain assignment. */
const PLAIN_TARGET = /([A-Za-z_]\w*)[ \t]*=(?!=)/y;

/**
 * The name a plain `name = value` assignment binds, read from the text at the assignment's start: most
 * assignments are plain, and reading their fields from the tree costs several trips into the wasm
 * each. Undefined for any other target (attributes, unpacking, annotations), and for an assignment
 * that holds a syntax error: those are read from the tree.
 */
function plainAssignment(node: Node, source: AssignmentSource): string | undefined {
  if (source.treeHasError && node.hasError) return undefined;
  PLAIN_TARGET.lastIndex = node.startIndex;
  return PLAIN_TARGET.exec(source.text)?.[1];
}

/** The binding of a plain assignment: its name node and value are read from the tree when first asked for. */
class PlainAssignment implements Binding {
  readonly kind = 'assign';
  private nameNode: Node | undefined;
  private valueNode: Node | null | undefined;

  constructor(
    private readonly node: Node,
    readonly scope: Scope,
  ) {}

  get name(): Node {
    return (this.nameNode ??= this.node.childForFieldName('left')!);
  }

  /** `a = b = X()`: the inner assignment is visited on its own and gives b its value; a gets it too. */
  get value(): Node | undefined {
    if (this.valueNode === undefined) {
      let value = this.node.childForFieldName('right');
      while (value && value.type === 'assignment') value = value.childForFieldName('right');
      this.valueNode = value;
    }
    return this.valueNode ?? undefined;
  }
}

function recordFunction(node: Node, isLambda: boolean, scope: Scope, functions: FunctionInfo[]): Scope {
  const own = new Scope(isLambda ? 'lambda' : 'function', node, scope);
  const nameNode = isLambda ? null : node.childForFieldName('name');
  const fn = new CollectedFunction(node, nameNode?.text ?? '<lambda>', own, isLambda, scope.kind === 'class' ? scope.cls : undefined);
  own.fn = fn;
  own.deferHeader(() => fn.params);
  functions.push(fn);
  if (nameNode) scope.bind(nameNode.text, { kind: 'def', name: nameNode, fn, scope });
  return own;
}

/** A function whose decorators, `async` and parameters are read from its node when first asked for. */
class CollectedFunction implements FunctionInfo {
  isGenerator = false;
  private paramList: ParamInfo[] | undefined;
  private decoratorList: Node[] | undefined;
  private async: boolean | undefined;

  constructor(
    readonly node: Node,
    readonly name: string,
    readonly scope: Scope,
    readonly isLambda: boolean,
    readonly ownerClass: ClassInfo | undefined,
  ) {}

  get decorators(): Node[] {
    if (!this.decoratorList) {
      const decorated = this.node.parent?.type === 'decorated_definition' ? this.node.parent : undefined;
      this.decoratorList = decorated ? decorated.namedChildren.filter((c): c is Node => c?.type === 'decorator') : [];
    }
    return this.decoratorList;
  }

  get isAsync(): boolean {
    this.async ??= !this.isLambda && this.node.firstChild?.type === 'async';
    return this.async;
  }

  /** The parameters, bound in the function's scope the first time they are read. */
  get params(): ParamInfo[] {
    if (!this.paramList) {
      this.paramList = readParams(this);
      for (const param of this.paramList) this.scope.bind(param.name, { kind: 'param', name: param.node, param, scope: this.scope });
    }
    return this.paramList;
  }
}

function readParams(fn: FunctionInfo): ParamInfo[] {
  const params: ParamInfo[] = [];
  let index = 0;
  for (const p of fn.node.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p) continue;
    let nameId: Node | null = null;
    let annotation: Node | undefined;
    let dflt: Node | undefined;
    let splat = false;
    switch (p.type) {
      case 'identifier':
        nameId = p;
        break;
      case 'typed_parameter':
        nameId = p.namedChildren.find((c) => c?.type === 'identifier') ?? null;
        splat = !nameId;
        if (splat) nameId = p.namedChildren[0]?.namedChildren[0] ?? null;
        annotation = p.childForFieldName('type') ?? undefined;
        break;
      case 'default_parameter':
      case 'typed_default_parameter':
        nameId = p.childForFieldName('name');
        annotation = p.childForFieldName('type') ?? undefined;
        dflt = p.childForFieldName('value') ?? undefined;
        break;
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        nameId = p.namedChildren[0] ?? null;
        splat = true;
        break;
      default:
        break;
    }
    if (!nameId || nameId.type !== 'identifier') continue;
    params.push({ name: nameId.text, node: nameId, index: index++, annotation, default: dflt, splat, fn });
  }
  return params;
}

/** `self.x = value` inside a method records x as an attribute of the method's class. */
function recordAttributeAssignment(target: Node, value: Node | undefined, scope: Scope): void {
  if (!value) return;
  const object = target.childForFieldName('object');
  const attr = target.childForFieldName('attribute');
  if (!object || !attr || object.type !== 'identifier') return;
  const fnScope = scope.executionScope;
  const fn = fnScope.fn;
  const cls = fn?.ownerClass;
  if (!fn || !cls || fn.params.length === 0 || fn.params[0].name !== object.text) return;
  const list = cls.attributes.get(attr.text);
  const entry = { value, scope, target };
  if (list) list.push(entry);
  else cls.attributes.set(attr.text, [entry]);
}

export function classBodyAttributes(cls: ClassInfo): void {
  for (const [name, bindings] of cls.scope.bindings) {
    for (const b of bindings) {
      if (b.kind === 'assign' && b.value) {
        const list = cls.attributes.get(name);
        const entry = { value: b.value, scope: cls.scope, target: b.name };
        if (list) list.push(entry);
        else cls.attributes.set(name, [entry]);
      }
    }
  }
}
