// Scopes, bindings, functions and classes of one Python module, collected in a single walk of the
// syntax tree. Name lookup follows Python's rules: local, enclosing functions (class bodies are
// skipped), module, builtins; `global` and `nonlocal` redirect a name.
import type { Node } from 'web-tree-sitter';

export type ScopeKind = 'module' | 'class' | 'function' | 'lambda';

export type BindingKind = 'import' | 'assign' | 'param' | 'def' | 'class' | 'with' | 'for' | 'other';

export interface Binding {
  kind: BindingKind;
  /** The name node (an identifier) the binding writes. */
  name: Node;
  /** assign: the right-hand side; with: the context expression; for: the iterable. */
  value?: Node;
  /** import: the qualified name the binding stands for (`multiprocessing.Pool`, or a module name). */
  qname?: string;
  /** def/class: the definition. */
  fn?: FunctionInfo;
  cls?: ClassInfo;
  /** param: the parameter. */
  param?: ParamInfo;
  scope: Scope;
}

export interface ParamInfo {
  name: string;
  node: Node;
  index: number;
  annotation?: Node;
  default?: Node;
  /** *args or **kwargs */
  splat: boolean;
  fn: FunctionInfo;
}

export interface FunctionInfo {
  node: Node;
  name: string;
  /** The scope the function's body opens. */
  scope: Scope;
  params: ParamInfo[];
  decorators: Node[];
  isAsync: boolean;
  /** The class whose body defines this function directly (a method). */
  ownerClass?: ClassInfo;
  /** Contains `yield` outside nested functions. */
  isGenerator: boolean;
  isLambda: boolean;
}

export interface AttributeAssignment {
  value: Node;
  scope: Scope;
  target: Node;
}

export interface ClassInfo {
  node: Node;
  name: string;
  scope: Scope;
  bases: Node[];
  /** `self.x = ...` in any method, and `x = ...` in the class body. */
  attributes: Map<string, AttributeAssignment[]>;
}

export class Scope {
  private readonly own = new Map<string, Binding[]>();
  /** Binds what the scope's header declares (a function's parameters) before anything else is bound or read. */
  private pending: (() => void) | undefined;
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  fn?: FunctionInfo;
  cls?: ClassInfo;

  constructor(
    readonly kind: ScopeKind,
    readonly node: Node,
    readonly parent: Scope | undefined,
  ) {}

  get bindings(): Map<string, Binding[]> {
    if (this.pending) {
      const bindHeader = this.pending;
      this.pending = undefined;
      bindHeader();
    }
    return this.own;
  }

  /**
   * `bindHeader` runs once, when the scope's bindings are first bound or read: most functions of a
   * large file are never looked into, and reading their parameters is most of what collecting them costs.
   */
  deferHeader(bindHeader: () => void): void {
    this.pending = bindHeader;
  }

  bind(name: string, binding: Binding): void {
    const list = this.bindings.get(name);
    if (list) list.push(binding);
    else this.bindings.set(name, [binding]);
  }

  get module(): Scope {
    return this.parent ? this.parent.module : this;
  }

  /** The nearest function (or lambda) scope, or the module for module-level code. */
  get executionScope(): Scope {
    return this.kind === 'class' && this.parent ? this.parent.executionScope : this;
  }

  /** The scope whose bindings `name` refers to when read here, or undefined for builtins. */
  lookup(name: string): Scope | undefined {
    if (this.globals.has(name)) return this.module.bindings.has(name) ? this.module : undefined;
    if (this.bindings.has(name) && !this.nonlocals.has(name)) return this;
    let s = this.parent;
    while (s) {
      if (s.kind !== 'class' || s.parent === undefined) {
        if (s.bindings.has(name) && !s.nonlocals.has(name) && !s.globals.has(name)) return s;
        if (s.globals.has(name)) return s.module.bindings.has(name) ? s.module : undefined;
      }
      s = s.parent;
    }
    return undefined;
  }
}
