// What a value is, asked of the type checker: a Node worker, a child process, a pool, an async-mutex
// lock, an AbortController... decided by the symbol of its type and the file that declares it, so
// aliases, requires, parameters, fields and .js inference all resolve the same way.
import path from 'node:path';
import ts from 'typescript';

export type ConcurrencyKind =
  | 'worker' // worker_threads.Worker
  | 'webWorker' // the DOM Worker
  | 'childProcess' // child_process.ChildProcess (spawn, fork, exec, execFile)
  | 'clusterWorker' // cluster.Worker
  | 'messagePort' // worker_threads.MessagePort / BroadcastChannel
  | 'mutex' // async-mutex Mutex / MutexInterface
  | 'semaphore' // async-mutex Semaphore / SemaphoreInterface
  | 'piscina'
  | 'tinypool'
  | 'workerpool'
  | 'abortController'
  | 'process'; // the Node process object (process.send)

/**
 * The package a declaration comes from (`@types/node`, `async-mutex`), 'lib' for the default libs.
 * Outside node_modules it is the package the file belongs to (the nearest package.json's name), so
 * a package's own sources and tests (piscina's tests import Piscina from '..') know its classes.
 */
export function declaringPackage(decl: ts.Declaration, program: ts.Program): string | undefined {
  const sf = decl.getSourceFile();
  if (program.isSourceFileDefaultLibrary(sf)) return 'lib';
  const file = sf.fileName;
  if (!packageOfFile.has(file)) packageOfFile.set(file, installedPackage(file) ?? owningPackage(path.dirname(file)));
  return packageOfFile.get(file);
}

/** Package names by declaring file: rules ask for the same few declarations on every keystroke. */
const packageOfFile = new Map<string, string | undefined>();

/** The package a file under node_modules belongs to (the innermost node_modules), or undefined. */
function installedPackage(file: string): string | undefined {
  const parts = file.split(/[\\/]node_modules[\\/]/);
  if (parts.length < 2) return undefined;
  // The package's folder, then at least one more segment: the file itself.
  const segments = parts[parts.length - 1].split(/[\\/]/);
  const scoped = segments[0].startsWith('@');
  if (segments.length < (scoped ? 3 : 2)) return undefined;
  return scoped ? `${segments[0]}/${segments[1]}` : segments[0];
}

/** Package names by folder (a package.json's name does not change while someone edits its sources). */
const packageOfFolder = new Map<string, string | undefined>();

function owningPackage(dir: string): string | undefined {
  if (packageOfFolder.has(dir)) return packageOfFolder.get(dir);
  let name: string | undefined;
  const manifest = ts.sys.readFile(path.join(dir, 'package.json'));
  if (manifest !== undefined) {
    try {
      const parsed = JSON.parse(manifest) as { name?: unknown };
      name = typeof parsed.name === 'string' ? parsed.name : undefined;
    } catch {
      name = undefined; // an unreadable package.json names no package
    }
  } else {
    const parent = path.dirname(dir);
    name = parent === dir ? undefined : owningPackage(parent);
  }
  packageOfFolder.set(dir, name);
  return name;
}

/** The Node module a declaration sits in: `declare module "worker_threads" { ... }` gives worker_threads. */
export function declaringNodeModule(decl: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = decl; n; n = n.parent) {
    if (ts.isModuleDeclaration(n) && ts.isStringLiteral(n.name)) return n.name.text.replace(/^node:/, '');
  }
  const m = /[\\/]@types[\\/]node[\\/](?:.*[\\/])?([\w-]+)\.d\.ts$/.exec(decl.getSourceFile().fileName);
  return m?.[1];
}

/** A symbol's declared name: `export default class Piscina` is named Piscina, not `default`. */
export function symbolName(symbol: ts.Symbol): string {
  const decl = symbol.declarations?.[0];
  const name = decl && ts.getNameOfDeclaration(decl);
  return name && ts.isIdentifier(name) ? name.text : symbol.getName();
}

export class TypeModel {
  readonly checker: ts.TypeChecker;
  private readonly kinds = new Map<ts.Type, ConcurrencyKind | undefined>();

  constructor(readonly program: ts.Program) {
    this.checker = program.getTypeChecker();
  }

  typeOf(node: ts.Node): ts.Type {
    return this.checker.getTypeAtLocation(node);
  }

  /** The concurrency kind of an expression's value (null and undefined stripped from unions). */
  kindOf(node: ts.Node): ConcurrencyKind | undefined {
    const type = this.typeOf(node);
    const kind = this.kindOfType(type);
    if (kind || !(type.flags & ts.TypeFlags.Any) || !ts.isExpression(node)) return kind;
    return this.kindOfInteropValue(node, 0);
  }

  /**
   * The kind of what `new X(...)` constructs. When every construct signature of X declares a class or
   * interface as its result, that is the kind, whatever the arguments: the call is not resolved (its
   * arguments not checked, its type arguments not inferred), which is most of the cost of typing a
   * `new Map(...)` or `new Error(...)` that has nothing to do with concurrency. Otherwise (no
   * signatures, as for a JS constructor function; a generic or union result) the constructed value's
   * type is asked for.
   */
  constructedKind(node: ts.NewExpression): ConcurrencyKind | undefined {
    const signatures = this.constructorType(node.expression).getConstructSignatures();
    let kind: ConcurrencyKind | undefined;
    for (let i = 0; i < signatures.length; i++) {
      const result = signatures[i].getReturnType();
      const declared = result.flags & ts.TypeFlags.Object && (result as ts.ObjectType).objectFlags & (ts.ObjectFlags.ClassOrInterface | ts.ObjectFlags.Reference);
      if (!declared) return this.kindOf(node);
      const k = this.kindOfType(result);
      if (i > 0 && k !== kind) return this.kindOf(node);
      kind = k;
    }
    return signatures.length > 0 ? kind : this.kindOf(node);
  }

  /**
   * The type of what `new` is applied to. A class, or a constructor declared in a declaration file
   * (`declare var Map: MapConstructor`), is its declared type: asking for the type at the reference
   * would walk the function's control flow looking for narrowings of `Map`, which no code writes.
   */
  private constructorType(expr: ts.Expression): ts.Type {
    if (ts.isIdentifier(expr)) {
      const symbol = this.symbolOf(expr);
      const decl = symbol?.valueDeclaration;
      if (symbol && (symbol.flags & ts.SymbolFlags.Class || (decl && ts.isVariableDeclaration(decl) && decl.getSourceFile().isDeclarationFile))) {
        return this.checker.getTypeOfSymbol(symbol);
      }
    }
    return this.typeOf(expr);
  }

  /**
   * The kind of a value the checker types `any` because it was constructed from a CommonJS package's
   * module object: `const Piscina = require('piscina')` or, in an ES module, `import Piscina from
   * 'piscina'`. Node hands over the package's module.exports, which piscina sets to the class its
   * typings declare as the default export, while those typings describe the module object, so
   * `new Piscina()` is `any` to the checker. Followed through the variables and fields such a value
   * is stored in.
   */
  private kindOfInteropValue(expr: ts.Expression, depth: number): ConcurrencyKind | undefined {
    if (depth > 4) return undefined;
    let inner = expr;
    while (ts.isParenthesizedExpression(inner) || ts.isNonNullExpression(inner) || ts.isAsExpression(inner) || ts.isAwaitExpression(inner)) inner = inner.expression;
    if (ts.isNewExpression(inner)) {
      const module = this.symbolOf(inner.expression);
      if (!module || !(module.flags & ts.SymbolFlags.ValueModule)) return undefined;
      const exported = this.checker.tryGetMemberInModuleExports('default', module);
      const target = exported && exported.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(exported) : exported;
      return target && target.flags & ts.SymbolFlags.Class ? this.kindOfSymbol(target) : undefined;
    }
    const name = ts.isIdentifier(inner) ? inner : ts.isPropertyAccessExpression(inner) ? inner.name : undefined;
    const symbol = name && this.symbolOf(name);
    for (const decl of symbol?.declarations ?? []) {
      const value =
        (ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl)) && decl.initializer
          ? decl.initializer
          : ts.isBinaryExpression(decl)
            ? decl.right
            : ts.isPropertyAccessExpression(decl) && ts.isBinaryExpression(decl.parent) && decl.parent.left === decl
              ? decl.parent.right
              : undefined;
      const kind = value && value !== inner && this.kindOfInteropValue(value, depth + 1);
      if (kind) return kind;
    }
    return undefined;
  }

  kindOfType(type: ts.Type): ConcurrencyKind | undefined {
    if (this.kinds.has(type)) return this.kinds.get(type);
    let kind: ConcurrencyKind | undefined;
    if (type.isUnion()) {
      const parts = type.types.filter((t) => !(t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)));
      const partKinds = new Set(parts.map((t) => this.kindOfType(t)));
      kind = partKinds.size === 1 ? [...partKinds][0] : undefined;
    } else {
      kind = this.kindOfSymbol(type.aliasSymbol) ?? this.kindOfSymbol(type.getSymbol());
    }
    this.kinds.set(type, kind);
    return kind;
  }

  private kindOfSymbol(symbol: ts.Symbol | undefined): ConcurrencyKind | undefined {
    const decl = symbol?.declarations?.[0];
    if (!symbol || !decl) return undefined;
    const name = symbolName(symbol);
    const pkg = declaringPackage(decl, this.program);
    if (pkg === '@types/node') {
      const module = declaringNodeModule(decl);
      if (module === 'worker_threads') {
        if (name === 'Worker') return 'worker';
        if (name === 'MessagePort' || name === 'BroadcastChannel') return 'messagePort';
      }
      if (module === 'child_process' && name.startsWith('ChildProcess')) return 'childProcess';
      if (module === 'cluster' && name === 'Worker') return 'clusterWorker';
      if (name === 'AbortController') return 'abortController';
      if (name === 'Process' && module === 'process') return 'process';
      return undefined;
    }
    if (pkg === 'lib') {
      if (name === 'Worker') return 'webWorker';
      if (name === 'AbortController') return 'abortController';
      if (name === 'MessagePort' || name === 'BroadcastChannel') return 'messagePort';
      return undefined;
    }
    if (pkg === 'async-mutex') {
      if (name === 'Mutex' || name === 'MutexInterface') return 'mutex';
      if (name === 'Semaphore' || name === 'SemaphoreInterface') return 'semaphore';
    }
    if (pkg === 'piscina' && name === 'Piscina') return 'piscina';
    if (pkg === 'tinypool' && name === 'Tinypool') return 'tinypool';
    if (pkg === 'workerpool' && (name === 'Pool' || name === 'WorkerPool')) return 'workerpool';
    return undefined;
  }

  /**
   * The function a call resolves to, as `<package>:<module>.<name>` pieces: `events.once` gives
   * { pkg: '@types/node', module: 'events', name: 'once' }, the global `structuredClone` { pkg: 'lib' or
   * '@types/node', name: 'structuredClone' }.
   */
  callee(call: ts.CallExpression | ts.NewExpression): { pkg?: string; module?: string; name: string } | undefined {
    // A function declared only by `function` declarations (its overloads) is one of them, whichever
    // overload the arguments select: read it without resolving the call, which checks every argument.
    const overloads = this.overloadsOf(call);
    const decl = overloads ? overloads[0] : this.checker.getResolvedSignature(call)?.getDeclaration();
    if (!decl || !('name' in decl) || !decl.name || !ts.isIdentifier(decl.name as ts.Node)) return undefined;
    return {
      pkg: declaringPackage(decl, this.program),
      module: declaringNodeModule(decl),
      name: (decl.name as ts.Identifier).text,
    };
  }

  /**
   * The kind of what a call returns: like constructedKind(), read from the declared return types
   * when the function is declared by `function` declarations only and they all return one class or
   * interface; otherwise the call's type is asked for.
   */
  calledKind(call: ts.CallExpression): ConcurrencyKind | undefined {
    const overloads = this.overloadsOf(call);
    if (!overloads) return this.kindOf(call);
    let kind: ConcurrencyKind | undefined;
    for (let i = 0; i < overloads.length; i++) {
      const result = this.checker.getSignatureFromDeclaration(overloads[i])?.getReturnType();
      const declared = result && result.flags & ts.TypeFlags.Object && (result as ts.ObjectType).objectFlags & (ts.ObjectFlags.ClassOrInterface | ts.ObjectFlags.Reference);
      if (!result || !declared) return this.kindOf(call);
      const k = this.kindOfType(result);
      if (i > 0 && k !== kind) return this.kindOf(call);
      kind = k;
    }
    return kind;
  }

  /** The `function` declarations (overloads) a call's callee names, when it is declared by nothing else. */
  private overloadsOf(call: ts.CallExpression | ts.NewExpression): ts.FunctionDeclaration[] | undefined {
    if (!ts.isCallExpression(call)) return undefined;
    const callee = call.expression;
    const name = ts.isIdentifier(callee) ? callee : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name) ? callee.name : undefined;
    const declarations = name && this.symbolOf(name)?.declarations;
    if (!declarations || declarations.length === 0 || !declarations.every(ts.isFunctionDeclaration)) return undefined;
    return declarations as ts.FunctionDeclaration[];
  }

  /** The symbol an identifier or property name refers to, aliases resolved. */
  symbolOf(node: ts.Node): ts.Symbol | undefined {
    const symbol = this.checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) return this.checker.getAliasedSymbol(symbol);
    return symbol;
  }
}
